/**
 * Rewrites every fixture under test-fixtures/data by running each fixture script in this folder.
 * The scripts are deterministic, so a clean run leaves `git status` unchanged. The parity script
 * (clip-parity.py) needs PyTorch and is run by hand; see its header.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));
const scripts = readdirSync(folder)
  .filter((name) => name.endsWith('.ts') && name !== 'make-fixtures.ts')
  .sort();

for (const script of scripts) {
  console.log(`fixtures: ${script}`);
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@mmpoison/source', join(folder, script)],
    { stdio: 'inherit' },
  );
  if (result.status !== 0) {
    console.error(`fixtures: ${script} failed with exit code ${result.status}`);
    process.exit(result.status ?? 1);
  }
}

import { existsSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import { SummaryLineReporter } from './scripts/vitest-summary-reporter.js';

// One project per workspace package; tests run against `src/` through the `@mmpoison/source`
// export condition, so `npm test` needs no build first.
const workspaceFolders = ['packages', 'examples']
  .filter((folder) => existsSync(folder))
  .flatMap((folder) =>
    readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(`${folder}/${entry.name}/package.json`))
      .map((entry) => `${folder}/${entry.name}`),
  );

export default defineConfig({
  resolve: { conditions: ['@mmpoison/source'] },
  ssr: { resolve: { conditions: ['@mmpoison/source'], externalConditions: ['@mmpoison/source'] } },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', new SummaryLineReporter()],
    projects: workspaceFolders.map((root) => ({
      extends: true,
      test: {
        name: root.split('/')[1] ?? root,
        root,
        include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      },
    })),
  },
});

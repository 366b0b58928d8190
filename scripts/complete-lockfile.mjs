#!/usr/bin/env node
/**
 * Restores the lockfile entries of other platforms' optional binaries (biome, rollup, turbo, …).
 *
 * Why: the npm registry mirror our machines reach does not serve every platform's binary package
 * (e.g. @biomejs/cli-win32-x64 answers 404), so `npm install` here silently leaves those optional
 * dependencies out of package-lock.json, and `npm ci` then refuses the lockfile as out of sync. This
 * adds an entry for each missing one, with the exact version its parent pins and the os / cpu / libc
 * read from its name, marked optional: npm skips it on any other platform without fetching it, and
 * fetches it by name and version on the platform it is for.
 *
 * Run after every `npm install` that changes the lockfile: `node scripts/complete-lockfile.mjs`.
 * `--check` exits 1 (and changes nothing) when an entry is missing.
 */
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const osWords = {
  android: 'android',
  darwin: 'darwin',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  netbsd: 'netbsd',
  linux: 'linux',
  win32: 'win32',
  windows: 'win32',
  openharmony: 'openharmony',
  sunos: 'sunos',
  aix: 'aix',
};
const cpuWords = {
  arm64: 'arm64',
  x64: 'x64',
  64: 'x64',
  ia32: 'ia32',
  arm: 'arm',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
  mips64el: 'mips64el',
};

function platformOf(name) {
  const words = name.split('/').pop().split('-');
  const os = words.map((word) => osWords[word]).find(Boolean);
  const cpu = words.map((word) => cpuWords[word]).find(Boolean);
  if (!os || !cpu) return undefined;
  const libc = words.some((word) => word.startsWith('musl'))
    ? ['musl']
    : os === 'linux' && words.some((word) => word.startsWith('gnu'))
      ? ['glibc']
      : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

/** Where npm would look for `name` from the package at `parentPath`: nested first, then hoisted. */
function resolves(parentPath, name) {
  let path = parentPath;
  while (true) {
    const candidate = path === '' ? `node_modules/${name}` : `${path}/node_modules/${name}`;
    if (packages[candidate]) return true;
    if (path === '') return false;
    const cut = path.lastIndexOf('/node_modules/');
    path = cut === -1 ? '' : path.slice(0, cut);
  }
}

const added = [];
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(path, name)) continue;
    const platform = platformOf(name);
    if (!platform || !/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
      console.error(
        `complete-lockfile: cannot place ${name}@${version} (needed by ${path || 'the root'}); fix it by hand`,
      );
      process.exitCode = 1;
      continue;
    }
    packages[`node_modules/${name}`] = {
      version,
      ...platform,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
    };
    added.push(`${name}@${version}`);
  }
}

if (process.argv.includes('--check')) {
  if (added.length > 0) {
    console.error(
      `complete-lockfile: ${added.length} optional platform packages are missing from package-lock.json; run node scripts/complete-lockfile.mjs`,
    );
    process.exit(1);
  }
} else if (added.length > 0) {
  // npm orders entries by localeCompare; keep that order so its next write is a small diff.
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b, 'en')));
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  console.log(`complete-lockfile: added ${added.length} entries: ${added.join(', ')}`);
}

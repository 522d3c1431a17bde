import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { specifierOf } from './scripts/subpath-files.js';
import { subpathEntries } from './tsup.config.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const packageName = (JSON.parse(readFileSync(here('./package.json'), 'utf8')) as { name: string }).name;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

export default defineConfig({
  resolve: {
    // Adapters and tests import the package by its own name, as users do; during tests the
    // names resolve to the sources, so no build is needed first. One alias per subpath of
    // tsup.config.ts, the one list of subpaths.
    alias: Object.entries(subpathEntries).map(([subpath, source]) => ({
      find: new RegExp(`^${escapeRegExp(specifierOf(packageName, subpath))}$`),
      replacement: here(`./${source}`),
    })),
  },
  test: {
    include: ['test/**/*.test.ts', 'adapters/**/*.test.ts', 'src/**/*.test.ts'],
    // Child-process tests run the built executable: rebuild dist/ first when it is stale.
    globalSetup: ['test/ensure-built-dist.ts', 'test/support/pglite-template-global.ts'],
    // New PGlite databases start from one initialised template instead of running initdb each time.
    setupFiles: ['test/support/pglite-template-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Test files in parallel. Vitest's default is one worker less than the cores — a single
    // worker on a 2-core machine — while most files here spend their time waiting on child
    // processes, sockets and timers: three workers keep both cores busy (measured: 293 s → 175 s
    // for the suite on 2 cores). VITEST_MAX_WORKERS still overrides it.
    maxWorkers: 3,
    // Worker threads rather than forked processes: a file starts without a new Node process
    // (about 250 ms of CPU each, 110 files); measured 155 s → 142 s and 280 → 252 CPU-seconds.
    // No test changes directory, and each thread has its own copy of process.env.
    pool: 'threads',
  },
});

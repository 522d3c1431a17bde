import type { Options } from 'tsup';

/**
 * Every published subpath and the source file it is built from — the one list of subpaths.
 * tsup builds these entries and vitest.config.ts aliases them; `npm run subpaths:write`
 * (scripts/write-subpaths.ts) writes package.json `exports`, tsconfig.json `paths` and
 * typedoc.json `entryPoints` from it, and `test/packaging/exports-map.test.ts` fails when
 * they drift. Adding a subpath is one line here, then `npm run subpaths:write`.
 *
 * The output of a subpath is `dist/<subpath>/index.{js,cjs,d.ts,d.cts}`; `.` builds to
 * `dist/index.*`.
 */
export const subpathEntries: Readonly<Record<string, string>> = {
  // First: typedoc documents the helpers core shares with the kit under the kit, not the root.
  './provider-kit': 'adapters/provider-kit/index.ts',
  '.': 'src/index.ts',
  './testing': 'adapters/memory/index.ts',
  './local': 'adapters/local/index.ts',
  './contract': 'adapters/contract/index.ts',
  './xai': 'adapters/xai/index.ts',
  './runway': 'adapters/runway/index.ts',
  './s3': 'adapters/s3/index.ts',
  './fs': 'adapters/fs/index.ts',
  './postgres': 'adapters/postgres/index.ts',
  './mcp': 'adapters/mcp/index.ts',
  './thumbnail': 'adapters/thumbnail/index.ts',
  './ai-sdk': 'adapters/ai-sdk/index.ts',
  './studio': 'adapters/studio/index.ts',
  './cli': 'adapters/cli/index.ts',
  './pg-boss': 'adapters/pg-boss/index.ts',
};

/** The file name under `dist/` (without extension) that a subpath builds to: `./testing` → `testing/index`. */
export function outputNameOf(subpath: string): string {
  return subpath === '.' ? 'index' : `${subpath.replace(/^\.\//, '')}/index`;
}

/**
 * Never bundled, in the JS nor in the `.d.ts` output:
 * - the package's own name: adapters import core as `@ring/video-conductor`, so each format
 *   (ESM, CJS) loads exactly one copy of core and its error classes;
 * - the test runner, an optional peer of `/contract`.
 * Dependencies and peer dependencies are external by tsup's default.
 */
export const externalModules: (string | RegExp)[] = [/^@ring\/video-conductor(?:\/.*)?$/, /^vitest(?:\/.*)?$/];

const config: Options = {
  entry: {
    ...Object.fromEntries(Object.entries(subpathEntries).map(([subpath, source]) => [outputNameOf(subpath), source])),
    // The `video-conductor` executable (package.json `bin`); not a subpath.
    'cli/bin': 'adapters/cli/bin.ts',
  },
  format: ['esm', 'cjs'],
  // `.d.ts` next to the ESM files, `.d.cts` next to the CJS ones.
  dts: true,
  target: 'node22',
  platform: 'node',
  sourcemap: true,
  clean: true,
  // Adapters must not share chunks with one another; each entry is one file per format.
  splitting: false,
  external: externalModules,
  // Keep `node:crypto` as written: Node 22 resolves it, and bare `crypto` could be taken
  // for the npm package of that name by other tools.
  removeNodeProtocol: false,
  // Should an adapter read `import.meta.url`, the CJS output gets a working shim (added only when used).
  shims: true,
  outDir: 'dist',
};

export default config;

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectedSubpathFiles, specifierOf, type SubpathFile } from '../../scripts/subpath-files.js';
import { outputNameOf, subpathEntries } from '../../tsup.config.js';
import vitestConfig from '../../vitest.config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Record<string, any>;
const packageJson = readJson('package.json');
const exportsMap = packageJson.exports as Record<string, unknown>;

/** Subpaths built by tsup (conditional objects), as opposed to files shipped as they are (JSON). */
const builtSubpaths = Object.keys(exportsMap).filter((subpath) => typeof exportsMap[subpath] === 'object');
const plainSubpaths = Object.keys(exportsMap).filter((subpath) => typeof exportsMap[subpath] === 'string');

/** The exports block tsup's output for a subpath needs: types first in each condition. */
function expectedConditions(subpath: string) {
  const base = `./dist/${outputNameOf(subpath)}`;
  return {
    import: { types: `${base}.d.ts`, default: `${base}.js` },
    require: { types: `${base}.d.cts`, default: `${base}.cjs` },
  };
}

describe('package.json exports and the tsup entry map (tsup.config.ts)', () => {
  it('list the same built subpaths', () => {
    expect([...builtSubpaths].sort()).toEqual(Object.keys(subpathEntries).sort());
  });

  it.each(Object.keys(subpathEntries))('%s points at the files tsup writes for it', (subpath) => {
    const conditions = exportsMap[subpath];
    expect(conditions).toEqual(expectedConditions(subpath));
    // Condition order matters to resolvers: `types` must come first, `import` before `require`.
    expect(Object.keys(conditions as object)).toEqual(['import', 'require']);
    for (const condition of Object.values(conditions as Record<string, object>)) {
      expect(Object.keys(condition)).toEqual(['types', 'default']);
    }
  });

  it.each(Object.entries(subpathEntries))('%s is built from %s, which exists', (_subpath, source) => {
    expect(existsSync(path.join(root, source)), `${source} is missing`).toBe(true);
  });

  it('resolve each built subpath to the same source in tsconfig paths and in vitest', async () => {
    const paths = readJson('tsconfig.json').compilerOptions.paths as Record<string, string[]>;
    const aliases = (vitestConfig.resolve?.alias ?? []) as { find: RegExp; replacement: string }[];
    for (const [subpath, source] of Object.entries(subpathEntries)) {
      const name = specifierOf(packageJson.name, subpath);
      expect(paths[name], `tsconfig paths["${name}"]`).toEqual([`./${source}`]);
      const matching = aliases.filter((alias) => alias.find.test(name));
      expect(matching.map((alias) => alias.replacement), `vitest.config.ts alias for ${name}`).toEqual([path.join(root, source)]);
    }
  });

  it('are what `npm run subpaths:write` makes of the list (package.json exports, tsconfig paths, typedoc entry points)', () => {
    const read = (file: SubpathFile) => readFileSync(path.join(root, file), 'utf8');
    for (const [file, text] of Object.entries(expectedSubpathFiles(read)) as [SubpathFile, string][]) {
      expect(read(file), `${file} drifted from the subpaths of tsup.config.ts: run npm run subpaths:write`).toBe(text);
    }
  });

  it('ship the plain (JSON) subpaths as they are, from folders listed in `files`', () => {
    expect(plainSubpaths).toContain('./package.json');
    for (const subpath of plainSubpaths) {
      const target = exportsMap[subpath] as string;
      expect(target, subpath).toBe(subpath);
      if (subpath === './package.json') continue;
      expect(existsSync(path.join(root, target)), `${target} is missing`).toBe(true);
      expect(packageJson.files).toContain(target.split('/')[1]);
    }
  });

  it('point main, module and types at the root entry', () => {
    const rootEntry = expectedConditions('.');
    expect(packageJson.main).toBe(rootEntry.require.default);
    expect(packageJson.module).toBe(rootEntry.import.default);
    expect(packageJson.types).toBe(rootEntry.require.types);
    expect(packageJson.files).toContain('dist');
  });
});

describe('package.json', () => {
  it('is an ES module package without side effects for Node >= 22.12', () => {
    expect(packageJson.type).toBe('module');
    expect(packageJson.sideEffects).toBe(false);
    expect(packageJson.engines).toEqual({ node: '>=22.12' });
  });
});

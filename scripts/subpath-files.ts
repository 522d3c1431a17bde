// What package.json `exports`, tsconfig.json `paths` and typedoc.json `entryPoints` must say,
// computed from the one list of subpaths, `subpathEntries` in tsup.config.ts (vitest.config.ts
// builds its aliases from it directly). scripts/write-subpaths.ts writes the files;
// test/packaging/exports-map.test.ts fails when one of them has drifted.
import { outputNameOf, subpathEntries } from '../tsup.config.js';

/** A file this module keeps in step with `subpathEntries`, relative to the repository root. */
export type SubpathFile = 'package.json' | 'tsconfig.json' | 'typedoc.json';

/** The package name a subpath is imported by: `./local` → `@ring/video-conductor/local`. */
export function specifierOf(packageName: string, subpath: string): string {
  return subpath === '.' ? packageName : `${packageName}${subpath.slice(1)}`;
}

/** The `exports` block of a built subpath: ESM then CJS, `types` first in each. */
export function exportConditionsOf(subpath: string) {
  const base = `./dist/${outputNameOf(subpath)}`;
  return {
    import: { types: `${base}.d.ts`, default: `${base}.js` },
    require: { types: `${base}.d.cts`, default: `${base}.cjs` },
  };
}

/**
 * package.json with `exports` rebuilt: every subpath of the list in its order, then the
 * files shipped as they are (the presets JSON, `./package.json`) as they were.
 */
export function withSubpathExports(packageJson: Record<string, unknown>): Record<string, unknown> {
  const current = (packageJson.exports ?? {}) as Record<string, unknown>;
  const exports: Record<string, unknown> = {};
  for (const subpath of Object.keys(subpathEntries)) exports[subpath] = exportConditionsOf(subpath);
  for (const [subpath, target] of Object.entries(current)) {
    if (typeof target === 'string' && !(subpath in subpathEntries)) exports[subpath] = target;
  }
  return { ...packageJson, exports };
}

/** tsconfig `paths`: each subpath's package name → its source, so the sources typecheck as users import them. */
export function tsconfigPathsOf(packageName: string): Record<string, [string]> {
  return Object.fromEntries(Object.entries(subpathEntries).map(([subpath, source]) => [specifierOf(packageName, subpath), [`./${source}`]]));
}

/** tsconfig.json's text with its `paths` block rewritten (the rest of the file kept as written). */
export function withTsconfigPaths(text: string, packageName: string): string {
  const block = /^( *)"paths": \{[^}]*\}/m;
  const match = block.exec(text);
  if (match === null) throw new Error('tsconfig.json has no "paths" block to rewrite');
  const indent = match[1] ?? '';
  const lines = Object.entries(tsconfigPathsOf(packageName)).map(([name, [source]]) => `${indent}  ${JSON.stringify(name)}: [${JSON.stringify(source)}]`);
  return text.replace(block, `${indent}"paths": {\n${lines.join(',\n')}\n${indent}}`);
}

/** typedoc.json with `entryPoints` = the source of every subpath, in the list's order. */
export function withTypedocEntryPoints(typedoc: Record<string, unknown>): Record<string, unknown> {
  return { ...typedoc, entryPoints: Object.values(subpathEntries) };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The text each file must have, given its current text: the files are rewritten only where
 * the list decides, so hand-written parts (scripts, compiler options) are kept.
 */
export function expectedSubpathFiles(read: (file: SubpathFile) => string): Record<SubpathFile, string> {
  const packageJson = JSON.parse(read('package.json')) as Record<string, unknown>;
  const packageName = String(packageJson.name);
  return {
    'package.json': json(withSubpathExports(packageJson)),
    'tsconfig.json': withTsconfigPaths(read('tsconfig.json'), packageName),
    'typedoc.json': json(withTypedocEntryPoints(JSON.parse(read('typedoc.json')) as Record<string, unknown>)),
  };
}

/**
 * Vitest global setup: the child-process tests run the built executable (`dist/cli/bin.js`),
 * as users do, so `dist/` must hold the current sources. When any source is newer than the
 * build (or there is none), the JavaScript is rebuilt here with the project's tsup
 * configuration minus the declaration files (a few seconds; `npm run build` makes those, and
 * CI builds before it tests, so there this does nothing).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** What the build is made from. */
const inputs = ['src', 'adapters', 'presets', 'package.json', 'tsup.config.ts'];
/** Files the child-process tests load, directly or through the package's `exports`. */
const outputs = ['dist/cli/bin.js', 'dist/index.js', 'dist/fs/index.js', 'dist/postgres/index.js', 'dist/mcp/index.js', 'dist/studio/index.js', 'dist/cli/index.js'];

/** Newest modification time (ms) under `entry`, test files and documents excepted. */
function newestInput(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return /\.(test\.ts|md)$/.test(entry) ? 0 : stats.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(entry)) newest = Math.max(newest, newestInput(path.join(entry, name)));
  return newest;
}

export default async function ensureBuiltDist(): Promise<void> {
  const built = outputs.map((file) => path.join(root, file));
  const sources = Math.max(...inputs.map((entry) => newestInput(path.join(root, entry))));
  const stale = built.find((file) => !existsSync(file) || statSync(file).mtimeMs < sources);
  if (stale === undefined) return;
  const started = performance.now();
  const { build } = await import('tsup');
  const { default: config } = await import('../tsup.config.js');
  await build({ ...config, config: false, dts: false, clean: false, silent: true });
  console.log(`test setup: ${path.relative(root, stale)} was older than the sources; rebuilt dist/ JavaScript in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

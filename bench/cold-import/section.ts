import { execFileSync, spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchmarkSection } from '../lib/benchmark-section.js';
import { median } from '../lib/stats.js';

/** Options of {@link coldImportSection}. */
export interface ColdImportOptions {
  /** Fresh processes per module; the table shows the median. */
  runs: number;
  onProgress?: (line: string) => void;
}

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Wall time of one fresh `node --input-type=module -e "await import(url)"`, spawn to exit, in ms. */
function timeImport(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Plain node (this process's binary, without the tsx loader), nothing but the import.
    const child = spawn(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(url)});`], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { PATH: process.env.PATH ?? '' },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`importing ${url} exited with code ${code}`))));
  });
}

/** The ESM entry `specifier` resolves to from the repository root, asked of plain node. */
function resolveFromRoot(specifier: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', `console.log(import.meta.resolve(${JSON.stringify(specifier)}))`], {
    cwd: repositoryRoot,
    encoding: 'utf8',
  }).trim();
}

/**
 * Benchmark 5: cold import time of our built core entry (`dist/index.js`) and of `ai`'s
 * ESM entry, each the median of `runs` fresh node processes, minus the median of a no-op
 * import (an empty module) measured the same way, rounds interleaved.
 */
export async function coldImportSection(options: ColdImportOptions): Promise<BenchmarkSection> {
  const distEntry = join(repositoryRoot, 'dist', 'index.js');
  if (!existsSync(distEntry)) {
    options.onProgress?.('  dist/index.js is missing: running npm run build');
    execFileSync('npm', ['run', 'build'], { cwd: repositoryRoot, stdio: 'inherit' });
  }
  const directory = await mkdtemp(join(tmpdir(), 'bench-cold-import-'));
  const emptyModule = join(directory, 'empty.mjs');
  await writeFile(emptyModule, '');
  const targets = [
    { label: 'no-op (empty module), the baseline', url: pathToFileURL(emptyModule).href },
    { label: '`@ring/video-conductor` core: `dist/index.js`', url: pathToFileURL(distEntry).href },
    { label: '`ai` ESM entry', url: resolveFromRoot('ai') },
    { label: 'reference: `zod`, the one package core imports', url: resolveFromRoot('zod') },
  ];
  const times: number[][] = targets.map(() => []);
  try {
    // One unmeasured round, so every file is in the page cache, as on a warm server.
    for (const target of targets) await timeImport(target.url);
    for (let run = 0; run < options.runs; run++) {
      for (const [index, target] of targets.entries()) times[index]!.push(await timeImport(target.url));
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  const baseline = median(times[0]!);
  const ours = median(times[1]!) - baseline;
  const peer = median(times[2]!) - baseline;
  const rows = targets.map((target, index) => {
    const middle = median(times[index]!);
    return [
      target.label,
      middle.toFixed(1),
      index === 0 ? '—' : (middle - baseline).toFixed(1),
      `${Math.min(...times[index]!).toFixed(1)}–${Math.max(...times[index]!).toFixed(1)}`,
    ];
  });
  for (const row of rows) options.onProgress?.(`  ${row[0]}: ${row[1]} ms`);
  const builtAt = statSync(distEntry).mtime.toISOString();
  return {
    id: 'cold-import',
    title: '5. Cold import time',
    description:
      `${options.runs} fresh \`node --input-type=module -e "await import(url)"\` processes per module (rounds interleaved, one unmeasured round first ` +
      'so files are in the page cache); wall time from spawn to exit; import time = median − median of the no-op import.',
    tables: [{ header: ['module', 'process median ms', 'import ms (− baseline)', 'process range ms'], rows }],
    notes: [
      `Ours vs peer: our core imports in ${ours.toFixed(1)} ms, \`ai\` in ${peer.toFixed(1)} ms (${(peer / ours).toFixed(1)}× ours); \`zod\` alone takes ${(median(times[3]!) - baseline).toFixed(1)} ms.`,
      `\`dist/index.js\` as built at ${builtAt} (not rebuilt by this run; \`npm run build\` first to measure the current sources). \`ai\`: ${targets[2]!.url.replace(pathToFileURL(repositoryRoot).href, '')}.`,
    ],
  };
}

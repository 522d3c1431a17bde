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

/** One fresh `node --input-type=module -e "await import(url)"`: wall time spawn to exit, and the CPU the child used, in ms. */
function timeImport(url: string): Promise<{ wallMs: number; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    // Plain node (this process's binary, without the tsx loader), nothing but the import, then
    // the process's own CPU time (user + system since it started): less sensitive to a busy
    // machine than wall time, which also counts the time spent waiting for a core.
    const script = `await import(${JSON.stringify(url)}); const usage = process.cpuUsage(); process.stdout.write(String((usage.user + usage.system) / 1000));`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH ?? '' },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve({ wallMs: performance.now() - started, cpuMs: Number(stdout) }) : reject(new Error(`importing ${url} exited with code ${code}`)),
    );
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
  const cpuTimes: number[][] = targets.map(() => []);
  try {
    // One unmeasured round, so every file is in the page cache, as on a warm server.
    for (const target of targets) await timeImport(target.url);
    for (let run = 0; run < options.runs; run++) {
      for (const [index, target] of targets.entries()) {
        const { wallMs, cpuMs } = await timeImport(target.url);
        times[index]!.push(wallMs);
        cpuTimes[index]!.push(cpuMs);
      }
    }
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
  const baseline = median(times[0]!);
  const ours = median(times[1]!) - baseline;
  const peer = median(times[2]!) - baseline;
  const cpuBaseline = median(cpuTimes[0]!);
  const cpuOf = (index: number) => median(cpuTimes[index]!) - cpuBaseline;
  const rows: string[][] = targets.map((target, index) => {
    const middle = median(times[index]!);
    return [
      target.label,
      middle.toFixed(1),
      index === 0 ? '—' : (middle - baseline).toFixed(1),
      `${Math.min(...times[index]!).toFixed(1)}–${Math.max(...times[index]!).toFixed(1)}`,
      index === 0 ? '—' : `${((middle - baseline) / peer).toFixed(2)}×`,
      `${median(cpuTimes[index]!).toFixed(1)}`,
      index === 0 ? '—' : cpuOf(index).toFixed(1),
      index === 0 ? '—' : `${(cpuOf(index) / cpuOf(2)).toFixed(2)}×`,
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
    tables: [
      {
        header: ['module', 'process median ms', 'import ms (− baseline)', 'process range ms', 'import ÷ `ai`', 'process CPU median ms', 'import CPU ms (− baseline)', 'import CPU ÷ `ai`'],
        rows,
      },
    ],
    headlines: [
      {
        metric: 'cold import of core ÷ `ai`, wall time (5)',
        value: `${(ours / peer).toFixed(2)}× (CPU time: ${(cpuOf(1) / cpuOf(2)).toFixed(2)}×)`,
        target: '≤ 0.5×',
        met: ours / peer <= 0.5,
      },
    ],
    notes: [
      'The CPU columns are the user + system time the child reported at the end of its import (`process.cpuUsage()`), the same medians and baseline; on a busy machine they move less than the wall times.',
      `Ours vs peer: our core imports in ${ours.toFixed(1)} ms, \`ai\` in ${peer.toFixed(1)} ms (${(peer / ours).toFixed(1)}× ours); \`zod\` alone takes ${(median(times[3]!) - baseline).toFixed(1)} ms.`,
      `\`dist/index.js\` as built at ${builtAt} (not rebuilt by this run; \`npm run build\` first to measure the current sources). \`ai\`: ${targets[2]!.url.replace(pathToFileURL(repositoryRoot).href, '')}.`,
    ],
  };
}

/**
 * Runs every benchmark in sequence and writes `bench/RESULTS.md` (`npm run bench`).
 * Benchmarks are not tests: nothing here ends in `.test.ts`, and vitest never loads it.
 *
 * Usage: `npx tsx bench/index.ts [--quick] [--only persist-memory,persist-throughput,poll-detection,orchestration-cpu,cold-import,queue]
 *   [--sizes-mib 64,256,512] [--throughput-mib 256] [--throughput-runs 3] [--poll-jobs 200] [--seed 42]
 *   [--cpu-jobs 1000] [--cpu-warmup 300] [--cpu-rounds 3] [--import-runs 15] [--queue-jobs 60] [--queue-workers 1,2,4]
 *   [--out bench/RESULTS.md] [--note "…"]`
 *
 * `--quick` shrinks every size for a smoke run of about a minute and writes no file unless
 * `--out` is given. See bench/README.md for what each benchmark measures.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { coldImportSection } from './cold-import/section.js';
import type { BenchmarkSection, Headline } from './lib/benchmark-section.js';
import { machineInfo } from './lib/machine-info.js';
import { markdownTable } from './lib/markdown-table.js';
import { orchestrationCpuSection } from './orchestration-cpu/section.js';
import { persistMemorySection } from './persist-memory/section.js';
import { persistThroughputSection } from './persist-throughput/section.js';
import { pollDetectionSection } from './poll-detection/section.js';
import { queueThroughputSection } from './queue-throughput/section.js';

const benchmarkIds = ['persist-memory', 'persist-throughput', 'poll-detection', 'orchestration-cpu', 'cold-import', 'queue'] as const;

function numbers(text: string, flag: string): number[] {
  const values = text.split(',').map(Number);
  if (values.some((value) => !Number.isFinite(value) || value <= 0)) throw new Error(`--${flag} must be positive numbers, got ${text}`);
  return values;
}

function renderSection(section: BenchmarkSection): string {
  const parts = [`## ${section.title}`, '', section.description, ''];
  for (const table of section.tables) parts.push(markdownTable(table), '');
  for (const note of section.notes) parts.push(`- ${note}`);
  if (section.durationMs !== undefined) parts.push('', `_Took ${(section.durationMs / 1000).toFixed(1)} s._`);
  return parts.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      'sizes-mib': { type: 'string' },
      'throughput-mib': { type: 'string' },
      'throughput-runs': { type: 'string' },
      'poll-jobs': { type: 'string' },
      seed: { type: 'string', default: '42' },
      'cpu-jobs': { type: 'string' },
      'cpu-warmup': { type: 'string' },
      'cpu-rounds': { type: 'string' },
      'import-runs': { type: 'string' },
      'queue-jobs': { type: 'string' },
      'queue-workers': { type: 'string' },
      out: { type: 'string' },
      note: { type: 'string' },
    },
  });
  const quick = values.quick;
  const pick = (flag: keyof typeof values, full: string, short: string) => (values[flag] as string | undefined) ?? (quick ? short : full);
  const only = values.only?.split(',').map((id) => id.trim()) ?? [...benchmarkIds];
  for (const id of only) if (!(benchmarkIds as readonly string[]).includes(id)) throw new Error(`unknown benchmark ${id}; known: ${benchmarkIds.join(', ')}`);
  const outPath = values.out ?? (quick || values.only !== undefined ? undefined : fileURLToPath(new URL('./RESULTS.md', import.meta.url)));

  const progress = (line: string) => console.log(line);
  const runners: Record<(typeof benchmarkIds)[number], () => Promise<BenchmarkSection>> = {
    'persist-memory': () => persistMemorySection({ sizesMib: numbers(pick('sizes-mib', '64,256,512', '8,32'), 'sizes-mib'), onProgress: progress }),
    'persist-throughput': () =>
      persistThroughputSection({
        sizeMib: numbers(pick('throughput-mib', '256', '32'), 'throughput-mib')[0]!,
        runs: numbers(pick('throughput-runs', '3', '1'), 'throughput-runs')[0]!,
        onProgress: progress,
      }),
    'poll-detection': () =>
      pollDetectionSection({ jobs: numbers(pick('poll-jobs', '200', '50'), 'poll-jobs')[0]!, seed: Number(values.seed), onProgress: progress }),
    'orchestration-cpu': () =>
      orchestrationCpuSection({
        jobs: numbers(pick('cpu-jobs', '1000', '200'), 'cpu-jobs')[0]!,
        warmupJobs: numbers(pick('cpu-warmup', '300', '50'), 'cpu-warmup')[0]!,
        rounds: numbers(pick('cpu-rounds', '3', '1'), 'cpu-rounds')[0]!,
        onProgress: progress,
      }),
    'cold-import': () => coldImportSection({ runs: numbers(pick('import-runs', '15', '5'), 'import-runs')[0]!, onProgress: progress }),
    queue: () => {
      const databaseUrl = process.env.DATABASE_URL;
      if (databaseUrl === undefined) {
        return Promise.resolve({
          id: 'queue',
          title: 'Queue (pg-boss): throughput and round trips',
          description: 'Skipped: the queue benchmark needs a Postgres; set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test).',
          tables: [],
          notes: [],
        });
      }
      return queueThroughputSection({
        jobs: numbers(pick('queue-jobs', '60', '16'), 'queue-jobs')[0]!,
        workers: numbers(pick('queue-workers', '1,2,4', '1,2'), 'queue-workers'),
        databaseUrl,
        onProgress: progress,
      });
    },
  };

  const machine = machineInfo();
  const startedAt = new Date();
  const started = performance.now();
  console.log(
    `bench: ${quick ? 'quick' : 'full'} run of ${only.join(', ')} on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.nodeVersion}, load ${machine.loadAverage.toFixed(2)}`,
  );
  const rendered: string[] = [];
  const headlines: Headline[] = [];
  let failed = false;
  for (const id of benchmarkIds) {
    if (!only.includes(id)) continue;
    console.log(`\n▶ ${id}`);
    const sectionStarted = performance.now();
    try {
      const section = await runners[id]();
      section.durationMs = performance.now() - sectionStarted;
      headlines.push(...(section.headlines ?? []));
      const text = renderSection(section);
      console.log(`\n${text}`);
      rendered.push(text);
    } catch (error) {
      failed = true;
      console.error(error);
      rendered.push(`## ${id}\n\n**Failed**: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  if (headlines.length > 0) {
    const summary = [
      '## Targets',
      '',
      'The ratios the sections below measure, side by side in this run, against the targets of issue #15.',
      '',
      markdownTable({
        header: ['metric (section)', 'this run', 'target', 'met'],
        rows: headlines.map((headline) => [headline.metric, headline.value, headline.target, headline.met === undefined ? '—' : headline.met ? 'yes' : 'no']),
      }),
    ].join('\n');
    console.log(`\n${summary}`);
    rendered.unshift(summary);
  }
  const totalSeconds = (performance.now() - started) / 1000;
  const loadAtEnd = loadavg()[0] ?? 0;
  console.log(`\nbench: done in ${totalSeconds.toFixed(1)} s (load average ${machine.loadAverage.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end)`);

  if (outPath !== undefined) {
    const header = [
      '# Benchmark results',
      '',
      `Written by \`bench/index.ts\` (\`npm run bench\`${quick ? ' -- --quick' : ''}); see [README.md](./README.md) for what each number means. Regenerate instead of editing.`,
      '',
      markdownTable({
        header: ['', ''],
        rows: [
          ['date', startedAt.toISOString()],
          ['CPU', machine.cpuModel],
          ['cores', String(machine.cores)],
          ['memory', `${machine.memoryGiB} GiB`],
          ['Node', machine.nodeVersion],
          ['1-min load average', `${machine.loadAverage.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end`],
          ['total run time', `${totalSeconds.toFixed(1)} s`],
          ['mode', quick ? 'quick (`--quick`): small sizes, not for comparison' : 'full (default sizes)'],
          ...(values.note === undefined ? [] : [['note', values.note]]),
        ],
      }),
      '',
    ].join('\n');
    await writeFile(outPath, `${header}\n${rendered.join('\n\n')}\n`);
    console.log(`bench: wrote ${outPath}`);
  }
  if (failed) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

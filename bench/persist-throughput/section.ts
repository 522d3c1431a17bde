import { profileComparison, type ProfiledPath } from '../lib/profile-tables.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BenchmarkSection, mebibyte } from '../lib/benchmark-section.js';
import { median } from '../lib/stats.js';
import { measurePersists } from '../persist-memory/measure-persist.js';
import { serveDeterministicBytes } from '../persist-memory/serve-deterministic-bytes.js';
import { curlAvailable, runCurl } from './run-curl.js';

/** Options of {@link persistThroughputSection}. */
export interface PersistThroughputOptions {
  /** Size of each download, in MiB. */
  sizeMib: number;
  /** Repetitions of each row; the table shows the median. */
  runs: number;
  onProgress?: (line: string) => void;
}

type Row = 'conductor' | 's3' | 'ai-sdk' | 'fetch' | 'curl' | 'curl-fsync';

const labels: Record<Row, string> = {
  conductor: 'conductor → fs storage (download, sha256, write, fsync, rename)',
  s3: 'conductor → S3 storage on s3rver (loopback, in the parent; multipart upload)',
  'ai-sdk': 'AI SDK `experimental_generateVideo` + `writeFile` (no fsync)',
  fetch: 'reference: Node `fetch`, body read and dropped (no disk)',
  curl: '`curl -s -o <file> <url>` (no fsync)',
  'curl-fsync': '`curl -s -o` + fsync of the file',
};

/**
 * Benchmark 2: MiB/s of the conductor persisting into fs storage vs `curl -o` writing the
 * same bytes from the same loopback server to the same disk, rows interleaved run by run.
 */
export async function persistThroughputSection(options: PersistThroughputOptions): Promise<BenchmarkSection> {
  const sizeBytes = Math.round(options.sizeMib * mebibyte);
  const source = await serveDeterministicBytes();
  const directory = await mkdtemp(join(tmpdir(), 'bench-throughput-'));
  const haveCurl = await curlAvailable();
  const seconds: Record<Row, number[]> = { conductor: [], s3: [], 'ai-sdk': [], fetch: [], curl: [], 'curl-fsync': [] };
  const notes: string[] = [];
  const profiled: ProfiledPath[] = [];
  const cpuMsPerMib: Partial<Record<Row, number[]>> = {};
  const report = (row: Row, durationMs: number, cpuMs?: number) => {
    seconds[row].push(durationMs / 1000);
    if (cpuMs !== undefined) (cpuMsPerMib[row] ??= []).push(cpuMs / options.sizeMib);
    options.onProgress?.(`  ${row}: ${(options.sizeMib / (durationMs / 1000)).toFixed(1)} MiB/s`);
  };
  let allOk = true;
  try {
    for (let run = 0; run < options.runs; run++) {
      for (const measurement of await measurePersists({
        sourceUrl: source.baseUrl,
        runs: [
          { target: 'fs', sizeBytes },
          { target: 's3', sizeBytes },
          { target: 'ai-sdk', sizeBytes },
          { target: 'fetch', sizeBytes },
        ],
      })) {
        allOk &&= measurement.ok;
        report(measurement.target === 'fs' ? 'conductor' : (measurement.target as 's3' | 'ai-sdk' | 'fetch'), measurement.durationMs, measurement.cpuMs);
      }
      if (!haveCurl) continue;
      for (const row of ['curl', 'curl-fsync'] as const) {
        const path = join(directory, `curl-${run}.mp4`);
        const curl = await runCurl(`${source.baseUrl}/video.mp4?bytes=${sizeBytes}`, path, { fsync: row === 'curl-fsync' });
        allOk &&= curl.sizeBytes === sizeBytes;
        report(row, curl.transferMs + (curl.fsyncMs ?? 0));
        await rm(path, { force: true });
      }
    }
    // Where the time goes: one more persist of the conductor and of bare fetch, each under the profiler.
    for (const measurement of await measurePersists({
      sourceUrl: source.baseUrl,
      runs: [
        { target: 'fs', sizeBytes, profile: true },
        { target: 'fetch', sizeBytes, profile: true },
      ],
    })) {
      if (measurement.profile !== undefined) profiled.push({ label: measurement.target === 'fs' ? 'conductor → fs' : 'bare fetch', profile: measurement.profile, perMib: options.sizeMib });
    }
  } finally {
    await source.close();
    await rm(directory, { recursive: true, force: true });
  }

  const mibPerSecond = (value: number) => (options.sizeMib / value).toFixed(1);
  const conductorMedian = median(seconds.conductor);
  const rows = (Object.keys(labels) as Row[]).map((row) => {
    if (seconds[row].length === 0) return [labels[row], 'curl not found on this machine', '', '', '', ''];
    const middle = median(seconds[row]);
    const cpu = cpuMsPerMib[row];
    return [
      labels[row],
      mibPerSecond(middle),
      `${mibPerSecond(Math.max(...seconds[row]))}–${mibPerSecond(Math.min(...seconds[row]))}`,
      (middle).toFixed(2),
      row === 'conductor' ? '1.00' : (options.sizeMib / middle / (options.sizeMib / conductorMedian)).toFixed(2),
      cpu === undefined ? '—' : median(cpu).toFixed(2),
    ];
  });
  const speed = (row: Row) => (seconds[row].length === 0 ? Number.NaN : options.sizeMib / median(seconds[row]));
  notes.push(
    `Ours vs peers: the conductor persists at ${(speed('conductor') / speed('ai-sdk')).toFixed(2)}× the AI SDK's speed, ${(speed('conductor') / speed('fetch')).toFixed(2)}× a bare \`fetch\`, ` +
      (haveCurl ? `${(speed('conductor') / speed('curl-fsync')).toFixed(2)}× curl + fsync and ${(speed('conductor') / speed('curl')).toFixed(2)}× curl alone.` : 'curl: not measured.'),
  );
  if (!allOk) notes.push('**size or sha256 mismatch** in some run: the run is invalid.');
  if (!haveCurl) notes.push('`curl` is not installed here, so its rows are empty.');
  notes.push(
    'The conductor, AI SDK and fetch rows are timed inside a warmed-up child process (the `generate` / `generateVideo` call, plus `writeFile` for the AI SDK); the curl rows use curl\'s own `time_total` (process start-up excluded), plus the parent\'s fsync for the last row.',
    'The fetch row is the ceiling for any Node code that downloads with `fetch` (undici, web streams): what separates it from curl is Node\'s fetch, what separates the conductor from it is hashing, the file write and the fsync.',
    'The server runs in the parent process on the same 2 cores, so every row also pays for the server generating the bytes.',
    'Where the time goes (second and third tables): one more persist of the conductor and of bare `fetch`, each under V8\'s sampling profiler (250 µs), self time summed by area of the code and per function, in ms per MiB; `idle` is time the main thread waited (for the network, the disk or the hash worker). The profiler slows what it measures: compare the shares, not the totals with the first table.',
    'The last column is the CPU time (user + system, all threads) of the child during the timed call, per MiB: what each path costs, which a busy machine changes much less than the MiB/s (curl\'s CPU is not measured).',
  );
  const ratio = (row: Row, of: Row) => speed(row) / speed(of);
  const headline = (metric: string, value: number, target: number | undefined) => ({
    metric,
    value: Number.isNaN(value) ? 'not measured' : `${value.toFixed(2)}×`,
    target: target === undefined ? 'reported' : `≥ ${target.toFixed(1)}×`,
    ...(target === undefined || Number.isNaN(value) ? {} : { met: value >= target }),
  });
  notes.push(
    `S3: the conductor persists into S3 storage (s3rver on loopback, the AWS SDK's multipart upload with its defaults) at ${ratio('s3', 'conductor').toFixed(2)}× its fs speed; s3rver runs in the parent and writes every part to disk, then concatenates them, so this row measures the conductor and s3rver together.`,
  );
  return {
    id: 'persist-throughput',
    headlines: [
      headline(`persist throughput, ${options.sizeMib} MiB loopback → fs, ÷ curl -o + fsync (2)`, ratio('conductor', 'curl-fsync'), 0.8),
      headline('persist throughput ÷ a bare Node `fetch` that drops the body (2)', ratio('conductor', 'fetch'), 1.0),
      headline('S3 persist (s3rver) throughput ÷ fs persist (2)', ratio('s3', 'conductor'), undefined),
    ],
    title: '2. Persist throughput',
    description: `${options.sizeMib} MiB from the loopback server into a temporary directory on the same disk, ${options.runs} run(s) of each row, interleaved; median shown.`,
    tables: [
      { header: ['path', 'MiB/s (median)', 'MiB/s range', 'seconds (median)', 'speed ÷ conductor', 'child CPU ms / MiB (median)'], rows },
      ...profileComparison(profiled),
    ],
    notes,
  };
}

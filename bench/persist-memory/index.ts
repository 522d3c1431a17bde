/**
 * Benchmark (not a test): peak RSS growth while persisting a large video into storage.
 *
 * A loopback HTTP server streams deterministic bytes (a provider's temporary URL); a child
 * process per target downloads them with fetch, hashes and counts them in a
 * TransformStream and streams them into `storage.put` (see `persistThroughConductor`),
 * while a worker thread samples `process.memoryUsage.rss()` every 20 ms. Targets: the fs
 * storage (temporary directory) and the s3 storage against s3rver (loopback, default 8 MiB
 * parts × 2 in flight). The stored bytes are then read back and hashed.
 *
 * Usage: `npx tsx bench/persist-memory/index.ts [--size-mib 512[,64,…]] [--targets sink,fs,s3,ai-sdk]`
 * (`bench/index.ts` runs it with fs and ai-sdk as part of `npm run bench`.)
 *
 * `--gc-interval-ms N` forces a GC every N ms during the persist: the growth then shows
 * the live set (what the path really holds) rather than garbage waiting for a collection.
 *
 * `sink` is the reference row: the same download and hashing into a storage that discards
 * the bytes. What fs and s3 add on top of it is the adapters' own cost. `ai-sdk` is the
 * peer: `experimental_generateVideo` of the AI SDK downloading the same URL, then
 * `writeFile` of the result.
 *
 * Peak RSS growth = highest RSS sampled during the persist − RSS just before it (after a
 * 1 MiB warm-up and a forced GC). It should stay flat as the size grows: about one chunk
 * for fs, about part size × (queue + 1) for s3.
 */
import { parseArgs } from 'node:util';
import { mebibyte } from '../lib/benchmark-section.js';
import { markdownTable } from '../lib/markdown-table.js';
import { measurePersists } from './measure-persist.js';
import type { TargetRequest } from './run-target.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'size-mib': { type: 'string', default: '512' },
      targets: { type: 'string', default: 'sink,fs,s3' },
      'gc-interval-ms': { type: 'string' },
    },
  });
  const sizesMib = values['size-mib'].split(',').map(Number);
  for (const size of sizesMib) {
    if (!Number.isFinite(size) || size <= 0) throw new Error(`--size-mib must be positive numbers, got ${values['size-mib']}`);
  }
  const targets = values.targets.split(',').map((target) => target.trim()) as TargetRequest['target'][];
  const gcIntervalMs = values['gc-interval-ms'] === undefined ? undefined : Number(values['gc-interval-ms']);

  console.log(
    `persist-memory: ${sizesMib.join(', ')} MiB per target, node ${process.version}, targets ${targets.join(', ')}` +
      (gcIntervalMs === undefined ? '' : `, forced GC every ${gcIntervalMs} ms`),
  );
  const measurements = await measurePersists({
    runs: sizesMib.flatMap((sizeMib) => targets.map((target) => ({ target, sizeBytes: Math.round(sizeMib * mebibyte) }))),
    ...(gcIntervalMs === undefined ? {} : { gcIntervalMs }),
  });
  const rows = measurements.map((report) => [
    report.target,
    String(report.sizeBytes / mebibyte),
    ((report.peakRssBytes - report.baselineRssBytes) / mebibyte).toFixed(1),
    (report.sizeBytes / mebibyte / (report.durationMs / 1000)).toFixed(1),
    report.ok ? 'yes' : 'NO',
    (report.baselineRssBytes / mebibyte).toFixed(1),
    String(report.samples),
  ]);
  const header = ['target', 'size MiB', 'peak RSS growth MiB', 'throughput MiB/s', 'sha256 ok', 'baseline RSS MiB', 'samples'];
  console.log(markdownTable({ header, rows }));
  if (measurements.some((measurement) => !measurement.ok)) {
    console.error('sha256 mismatch: the stored bytes differ from the served ones');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

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
 * Usage: `npx tsx bench/persist-memory/index.ts [--size-mib 512] [--targets sink,fs,s3]`
 *
 * `--gc-interval-ms N` forces a GC every N ms during the persist: the growth then shows
 * the live set (what the path really holds) rather than garbage waiting for a collection.
 *
 * `sink` is the reference row: the same download and hashing into a storage that discards
 * the bytes. What fs and s3 add on top of it is the adapters' own cost.
 *
 * Peak RSS growth = highest RSS sampled during the persist − RSS just before it (after a
 * 1 MiB warm-up and a forced GC). It should stay flat as the size grows: about one chunk
 * for fs, about part size × (queue + 1) for s3.
 */
import { fork } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { sha256OfStream } from '../../test/storage/deterministic-body.js';
import { startS3rver, type RunningS3rver } from '../../test/storage/start-s3rver.js';
import type { TargetReport, TargetRequest } from './run-target.js';
import { serveDeterministicBytes, videoSha256 } from './serve-deterministic-bytes.js';

const mebibyte = 1024 * 1024;
const bucket = 'videos';

function runTarget(request: TargetRequest): Promise<TargetReport> {
  return new Promise((resolve, reject) => {
    const child = fork(new URL('./run-target.ts', import.meta.url), [JSON.stringify(request)], {
      execArgv: [...process.execArgv, '--expose-gc'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: TargetReport | undefined;
    child.on('message', (message) => {
      report = message as TargetReport;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (report !== undefined && code === 0) resolve(report);
      else reject(new Error(`the ${request.target} run exited with code ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'size-mib': { type: 'string', default: '512' },
      targets: { type: 'string', default: 'sink,fs,s3' },
      'gc-interval-ms': { type: 'string' },
    },
  });
  const sizeMib = Number(values['size-mib']);
  if (!Number.isFinite(sizeMib) || sizeMib <= 0) throw new Error(`--size-mib must be a positive number, got ${values['size-mib']}`);
  const sizeBytes = Math.round(sizeMib * mebibyte);
  const targets = values.targets.split(',').map((target) => target.trim()) as TargetRequest['target'][];
  const gcIntervalMs = values['gc-interval-ms'] === undefined ? undefined : Number(values['gc-interval-ms']);

  console.log(
    `persist-memory: ${sizeMib} MiB per target, node ${process.version}, targets ${targets.join(', ')}` +
      (gcIntervalMs === undefined ? '' : `, forced GC every ${gcIntervalMs} ms`),
  );
  const expectedSha256 = videoSha256(sizeBytes);
  const source = await serveDeterministicBytes();
  const directory = await mkdtemp(join(tmpdir(), 'persist-memory-fs-'));
  let s3: RunningS3rver | undefined;
  const rows: string[][] = [];
  let allOk = true;

  try {
    for (const target of targets) {
      if (target !== 'sink' && target !== 'fs' && target !== 's3') throw new Error(`unknown target ${target}`);
      if (target === 's3') s3 ??= await startS3rver({ buckets: [bucket] });
      const key = `bench/persist-${sizeMib}.mp4`;
      const report = await runTarget({
        target,
        sourceUrl: source.baseUrl,
        sizeBytes,
        key,
        directory,
        ...(gcIntervalMs === undefined ? {} : { gcIntervalMs }),
        ...(s3 === undefined ? {} : { s3: { endpoint: s3.endpoint, bucket } }),
      });

      // Read back what the storage holds, independently of the adapter.
      const readBack =
        target === 'sink'
          ? { sha256: report.sha256, size: report.storedSize }
          : target === 'fs'
          ? await sha256OfStream(createReadStream(join(directory, ...key.split('/'))))
          : await s3!
              .createClient()
              .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
              .then((output) => sha256OfStream(output.Body as AsyncIterable<Uint8Array>));
      const ok =
        report.sha256 === expectedSha256 &&
        readBack.sha256 === expectedSha256 &&
        readBack.size === sizeBytes &&
        report.storedSize === sizeBytes;
      allOk &&= ok;
      const seconds = report.durationMs / 1000;
      rows.push([
        target,
        String(sizeMib),
        ((report.peakRssBytes - report.baselineRssBytes) / mebibyte).toFixed(1),
        (report.sizeBytes / mebibyte / seconds).toFixed(1),
        ok ? 'yes' : 'NO',
        (report.baselineRssBytes / mebibyte).toFixed(1),
        String(report.samples),
      ]);
    }
  } finally {
    await source.close();
    await s3?.stop();
    await rm(directory, { recursive: true, force: true });
  }

  const header = ['target', 'size MiB', 'peak RSS growth MiB', 'throughput MiB/s', 'sha256 ok', 'baseline RSS MiB', 'samples'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  if (!allOk) {
    console.error('sha256 mismatch: the stored bytes differ from the served ones');
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

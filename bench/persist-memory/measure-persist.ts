import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { sha256OfStream } from '../../test/storage/deterministic-body.js';
import { startS3rver, type RunningS3rver } from '../../test/storage/start-s3rver.js';
import { forkChild } from '../lib/fork-child.js';
import type { TargetReport, TargetRequest } from './run-target.js';
import { serveDeterministicBytes, videoSha256 } from './serve-deterministic-bytes.js';

const bucket = 'videos';

/** One persist measured in its own child process. */
export interface PersistMeasurement extends TargetReport {
  /** Whether the stored bytes (read back independently) and the reported digest match the served ones. */
  ok: boolean;
}

/** The persist runs to make, in order. */
export interface PersistPlan {
  runs: { target: TargetRequest['target']; sizeBytes: number; profile?: boolean }[];
  /** Forces a GC this often during each persist (ms). */
  gcIntervalMs?: number;
  /** Base URL of a running {@link serveDeterministicBytes} server; `undefined`: one is started for these runs. */
  sourceUrl?: string;
  /** Called after each run, e.g. to print progress. */
  onMeasured?: (measurement: PersistMeasurement) => void;
}

/**
 * Starts the loopback byte server (and s3rver when an `s3` run is planned) in this process,
 * runs every planned persist in a fresh child (`run-target.ts`), reads each stored object
 * back and checks its sha256, and removes everything it wrote.
 */
export async function measurePersists(plan: PersistPlan): Promise<PersistMeasurement[]> {
  const source = plan.sourceUrl === undefined ? await serveDeterministicBytes() : { baseUrl: plan.sourceUrl, close: async () => {} };
  const directory = await mkdtemp(join(tmpdir(), 'bench-persist-'));
  let s3: RunningS3rver | undefined;
  const measurements: PersistMeasurement[] = [];
  try {
    for (const [index, run] of plan.runs.entries()) {
      const { target, sizeBytes } = run;
      if (!['sink', 'fs', 's3', 'ai-sdk', 'fetch'].includes(target)) throw new Error(`unknown target ${target}`);
      if (target === 's3') s3 ??= await startS3rver({ buckets: [bucket] });
      const key = `bench/persist-${index}-${sizeBytes}.mp4`;
      const report = await forkChild<TargetRequest, TargetReport>(
        new URL('./run-target.ts', import.meta.url),
        {
          target,
          sourceUrl: source.baseUrl,
          sizeBytes,
          key,
          directory,
          ...(plan.gcIntervalMs === undefined ? {} : { gcIntervalMs: plan.gcIntervalMs }),
          ...(run.profile === true ? { profile: true } : {}),
          ...(s3 === undefined ? {} : { s3: { endpoint: s3.endpoint, bucket } }),
        },
        `persist ${target}`,
      );

      // Read back what the storage holds, independently of the adapter. `sink` and `fetch`
      // keep nothing: their size (and the sink's digest) is all there is to check.
      const path = join(directory, ...key.split('/'));
      const readBack =
        target === 'sink' || target === 'fetch'
          ? { sha256: report.sha256 ?? videoSha256(sizeBytes), size: report.storedSize }
          : target === 's3'
            ? await s3!
                .createClient()
                .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
                .then((output) => sha256OfStream(output.Body as AsyncIterable<Uint8Array>))
            : await sha256OfStream(createReadStream(path));
      const expectedSha256 = videoSha256(sizeBytes);
      const ok =
        (report.sha256 === undefined || report.sha256 === expectedSha256) &&
        readBack.sha256 === expectedSha256 &&
        readBack.size === sizeBytes &&
        report.storedSize === sizeBytes;
      if (target === 'fs' || target === 'ai-sdk') await rm(path, { force: true });
      const measurement = { ...report, ok };
      measurements.push(measurement);
      plan.onMeasured?.(measurement);
    }
  } finally {
    await source.close();
    await s3?.stop();
    await rm(directory, { recursive: true, force: true });
  }
  return measurements;
}

/**
 * Child process of the persist-memory benchmark: persists one download into one storage
 * and reports its peak RSS growth. Runs alone in its process so the servers (HTTP source,
 * s3rver) and the parent's bookkeeping stay out of the measurement.
 *
 * Target `ai-sdk` is the peer: the same download through `experimental_generateVideo` of
 * the AI SDK (loaded only for that target), then `writeFile` into the same directory.
 */
import { profileCpu, type ProfileSummary } from '../lib/cpu-profile.js';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { Storage } from '@ring/video-conductor';
import { createFsStorage } from '@ring/video-conductor/fs';
import { createS3Storage } from '@ring/video-conductor/s3';
import { collectGarbage } from '../lib/fork-child.js';
import { persistThroughConductor } from './persist-through-conductor.js';
import { createRssSampler } from './sample-rss.js';

/** What the parent asks for (JSON in argv[2]). */
export interface TargetRequest {
  /**
   * `sink`: a storage that reads and discards, the cost of the download and hashing alone.
   * `fs`, `s3`: the conductor persisting into that storage. `ai-sdk`: the AI SDK's
   * `experimental_generateVideo` downloading the same URL, then `writeFile` under `directory`.
   * `fetch`: a bare `fetch` whose body is read and dropped — what Node's fetch alone costs.
   */
  target: 'sink' | 'fs' | 's3' | 'ai-sdk' | 'fetch';
  /** Base URL of the deterministic byte server. */
  sourceUrl: string;
  sizeBytes: number;
  key: string;
  /** fs, ai-sdk: the directory the file is written into. */
  directory?: string;
  /** s3: the s3rver endpoint and bucket. */
  s3?: { endpoint: string; bucket: string };
  /** Forces a GC this often during the persist (ms), to see the live set without garbage. */
  gcIntervalMs?: number;
  /** After the measured persist, persist the same size once more under the CPU profiler. */
  profile?: boolean;
}

/** What the child reports back over IPC. */
export interface TargetReport {
  target: string;
  sizeBytes: number;
  storedSize: number;
  /** Hex sha256 the conductor computed on the way; `undefined` for `ai-sdk`, which computes none. */
  sha256?: string;
  baselineRssBytes: number;
  peakRssBytes: number;
  samples: number;
  durationMs: number;
  /** CPU time (user + system, every thread of the child) the persist took, in ms. */
  cpuMs: number;
  /** With `profile`: where the time of one more persist went (not part of the numbers above). */
  profile?: ProfileSummary;
}

/** Reads the body to the end and keeps nothing: the reference row of the table. */
function createSinkStorage(): Storage {
  return {
    specificationVersion: 'v1',
    id: 'sink',
    async put(key, body) {
      let size = 0;
      if (body instanceof Uint8Array) size = body.byteLength;
      else for await (const chunk of body) size += chunk.byteLength;
      return { key, url: `sink:${key}`, size };
    },
    url: async (key) => `sink:${key}`,
    head: async () => null,
    delete: async () => undefined,
  };
}

function createStorage(request: TargetRequest): Storage {
  if (request.target === 'sink') return createSinkStorage();
  if (request.target === 'fs') return createFsStorage({ directory: request.directory! });
  const client = new S3Client({
    endpoint: request.s3!.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  // Defaults on purpose (8 MiB parts, 2 in flight): the numbers users get.
  return createS3Storage({ client, bucket: request.s3!.bucket, urlMode: 'presigned' });
}

/** One persist of `bytes` bytes under `key`, and how to remove it again. */
interface Persister {
  persist(key: string, bytes: number): Promise<{ storedSize: number; sha256?: string; sizeBytes: number }>;
  remove(key: string): Promise<void>;
}

async function createPersister(request: TargetRequest): Promise<Persister> {
  const urlOf = (bytes: number) => `${request.sourceUrl}/video.mp4?bytes=${bytes}`;
  if (request.target === 'fetch') {
    return {
      persist: async (_key, bytes) => {
        const response = await fetch(urlOf(bytes));
        let size = 0;
        for await (const chunk of response.body!) size += chunk.byteLength;
        return { storedSize: size, sizeBytes: size };
      },
      remove: async () => {},
    };
  }
  if (request.target === 'ai-sdk') {
    const { persistThroughAiSdk } = await import('./persist-through-ai-sdk.js');
    return {
      persist: async (key, bytes) => {
        const { sizeBytes } = await persistThroughAiSdk({ url: urlOf(bytes), directory: request.directory!, key });
        return { storedSize: sizeBytes, sizeBytes };
      },
      remove: (key) => rm(join(request.directory!, ...key.split('/')), { force: true }),
    };
  }
  const storage = createStorage(request);
  return {
    persist: async (key, bytes) => {
      const outcome = await persistThroughConductor({ url: urlOf(bytes), storage, key });
      return { storedSize: outcome.stored.size, sha256: outcome.sha256, sizeBytes: outcome.sizeBytes };
    },
    remove: (key) => storage.delete(key),
  };
}

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2] ?? '{}') as TargetRequest;
  const { persist, remove } = await createPersister(request);

  // Warm-up: load and JIT every module on the path (fetch, SDK, adapter), so the growth
  // measured below is what the size of the video costs, not first-use overhead.
  const warmupKey = request.key.replace(/[^/]+$/, 'warmup.mp4');
  await persist(warmupKey, 1024 * 1024);
  await remove(warmupKey);

  const sampler = await createRssSampler(20);
  await collectGarbage();
  const baselineRssBytes = process.memoryUsage.rss();
  await sampler.start();
  const gc = (globalThis as { gc?: () => void }).gc;
  const gcTimer = request.gcIntervalMs === undefined || gc === undefined ? undefined : setInterval(gc, request.gcIntervalMs);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const outcome = await persist(request.key, request.sizeBytes);
  const durationMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(gcTimer);
  const { peakBytes, samples } = await sampler.stop();
  let profile: ProfileSummary | undefined;
  if (request.profile === true) {
    const profiledKey = request.key.replace(/[^/]+$/, 'profiled.mp4');
    await collectGarbage();
    profile = await profileCpu(async () => {
      await persist(profiledKey, request.sizeBytes);
    });
    await remove(profiledKey);
  }

  const report: TargetReport = {
    target: request.target,
    sizeBytes: outcome.sizeBytes,
    storedSize: outcome.storedSize,
    ...(outcome.sha256 === undefined ? {} : { sha256: outcome.sha256 }),
    baselineRssBytes,
    peakRssBytes: peakBytes,
    samples,
    durationMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    ...(profile === undefined ? {} : { profile }),
  };
  process.send!(report);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

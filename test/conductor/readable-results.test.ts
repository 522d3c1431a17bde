import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createVideoConductor, MemoryLedger, committedCostUsd } from '@ring/video-conductor';
import { createS3Storage } from '@ring/video-conductor/s3';
import { createTestMp4, ScriptedVideoProvider, scriptedDone, scriptedPending } from '@ring/video-conductor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3rver, type RunningS3rver } from '../storage/start-s3rver.js';
import { createHarness } from './conductor-harness.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a stored S3 video stays readable after its presigned URL expired', () => {
  let s3: RunningS3rver;
  beforeAll(async () => {
    s3 = await startS3rver({ buckets: ['videos'] });
  });
  afterAll(async () => {
    await s3?.stop();
  });

  it('the row keeps the key, not the expiring URL; get, url and resume mint a fresh one', async () => {
    const provider = new ScriptedVideoProvider();
    const ledger = new MemoryLedger();
    // Presigned URLs valid for 3 s (signatures are dated to the second, so 2–3 s in practice):
    // short enough to outlive in the test, long enough for a loaded machine to use once.
    const storage = createS3Storage({ client: s3.createClient(), bucket: 'videos', presignExpiresSec: 3 });
    expect(storage.urlExpiresInSec).toBe(3);
    const conductor = createVideoConductor({ provider, storage, ledger, fetch: provider.fetch, urlPolicy: provider.urlPolicy, polling: { intervalMs: 10, jitter: 0 } });

    const started = Date.now();
    const result = await conductor.generate({ prompt: 'A harbour at night' });
    expect(result.success).toBe(true);
    if (!result.success) return;
    expect(result.video.persisted).toBe(true);
    expect(Date.parse(result.video.urlExpiresAt!)).toBeGreaterThanOrEqual(started + 3000 - 50);
    const expected = sha256(createTestMp4());
    const first = await fetch(result.video.url);
    expect(first.status).toBe(200);
    expect(sha256(new Uint8Array(await first.arrayBuffer()))).toBe(expected);

    // What stays true is in the ledger: the key, not a URL that dies within the second.
    const row = await ledger.get(result.recordId);
    expect(row).toMatchObject({ status: 'succeeded', url: null, storageKey: result.video.storageKey, sha256: expected });

    await sleep(Math.max(0, Date.parse(result.video.urlExpiresAt!) + 1200 - Date.now()));
    // The URL handed out earlier has expired (this is what made stored rows lie before)…
    expect((await fetch(result.video.url)).status).toBe(403);
    // …while every way of asking gives one that works now.
    const fromGet = await conductor.get(result.recordId);
    const readable = await conductor.url(result.recordId);
    const resumed = await conductor.resume(result.recordId);
    expect(readable).toMatchObject({ persisted: true, expiresAt: expect.any(String) });
    expect(Date.parse(readable!.expiresAt!)).toBeGreaterThan(Date.now());
    for (const url of [fromGet!.url!, readable!.url, resumed.success ? resumed.video.url : '']) {
      const response = await fetch(url);
      expect(response.status, url).toBe(200);
      expect(sha256(new Uint8Array(await response.arrayBuffer()))).toBe(expected);
    }
    expect(provider.submitCount).toBe(1);
  });

  it('a permanent storage URL is kept in the row and reported as not expiring', async () => {
    const h = createHarness();
    const result = await h.conductor.generate({ prompt: 'x' });
    expect(result).toMatchObject({ success: true, video: { persisted: true, urlExpiresAt: null } });
    const row = await h.ledger.get(result.recordId);
    expect(row!.url).toBe(result.success ? result.video.url : 'unreachable');
    expect(await h.conductor.url(result.recordId)).toEqual({ url: row!.url, expiresAt: null, persisted: true });
  });

  it('url() of a job without a stored video is null; of an unknown id, RECORD_NOT_FOUND', async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [scriptedPending(10)] }] } });
    const submitted = await h.conductor.submit({ prompt: 'x' });
    expect(await h.conductor.url(submitted.recordId)).toBeNull();
    await expect(h.conductor.url('00000000-0000-4000-8000-999999999999')).rejects.toMatchObject({ code: 'RECORD_NOT_FOUND' });
  });
});

describe('cancel says whether the provider stopped', () => {
  it('a provider without cancel: the row is cancelled here only, says so, and the budget keeps counting it', async () => {
    const h = createHarness({ provider: { capabilities: { cancel: false }, jobs: [{ steps: [scriptedPending(10)] }] } });
    const submitted = await h.conductor.submit({ prompt: 'x', durationSec: 6 });
    const cancelled = await h.conductor.cancel(submitted.recordId);
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED', providerCancelled: false } });
    expect(cancelled.error!.message).toContain(`${submitted.requestId} may still be generated and billed`);
    expect(h.provider.calls.filter((call) => call.method === 'cancel')).toEqual([]);
    // The provider may bill it: the day's committed spend still holds its estimate.
    expect(committedCostUsd(cancelled)).toBe(cancelled.estimatedCostUsd);
  });

  it('a provider with cancel: it is told to stop, and the row says so', async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [scriptedPending(10)] }] } });
    const submitted = await h.conductor.submit({ prompt: 'x' });
    const cancelled = await h.conductor.cancel(submitted.recordId);
    expect(cancelled).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED', providerCancelled: true } });
    expect(h.provider.calls.filter((call) => call.method === 'cancel').map((call) => call.requestId)).toEqual([submitted.requestId]);
  });

  it('a job cancelled before the provider accepted it has nothing to stop there', async () => {
    const h = createHarness({ provider: { capabilities: { cancel: false }, jobs: [{ steps: [scriptedDone()] }] } });
    const controller = new AbortController();
    // Aborted once the row is written, before the submit.
    const onEvent = (event: { type: string }) => event.type === 'planned' && controller.abort();
    await expect(h.conductor.generate({ prompt: 'x' }, { signal: controller.signal, onEvent })).rejects.toBeDefined();
    const [row] = (await h.ledger.list({ limit: 1 })).records;
    expect(row).toMatchObject({ status: 'cancelled', requestId: null });
    expect(row!.error).not.toHaveProperty('providerCancelled');
    expect(h.provider.submitCount).toBe(0);
  });
});

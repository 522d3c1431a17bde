import { createHash } from 'node:crypto';
import { createFal } from '@ai-sdk/fal';
import { createVideoConductor } from '@ring/video-conductor';
import { createFakeTime, createTestMp4, MemoryLedger, MemoryStorage, publicTestLookup } from '@ring/video-conductor/testing';
import { describe, expect, it } from 'vitest';
import { createErrorBodyRecorder, decodeOperationRequestId, falPresets, fromAiSdkVideoModel } from '@ring/video-conductor/ai-sdk';
import { contentPolicyViolation, falApiKey, falModel, falQueueHandlers, falRequestUrl, falVideoUrl, type FalStep } from './fixtures/fal-queue.js';
import { useMswWire } from '../support/msw-wire.js';

const { server, wire } = useMswWire();
const mp4 = createTestMp4(200_000);
const sha256 = createHash('sha256').update(mp4).digest('hex');

/** A conductor over the real @ai-sdk/fal, fal presets, fake time; `recorder` wires createErrorBodyRecorder. */
function setup(steps: FalStep[], options: { recorder?: boolean } = {}) {
  const { handlers, jobs } = falQueueHandlers(() => steps, mp4);
  server.use(...handlers);
  const time = createFakeTime();
  const ledger = new MemoryLedger({ clock: time.clock });
  const storage = new MemoryStorage();
  const errorBodies = options.recorder ? createErrorBodyRecorder() : undefined;
  const fal = createFal({ apiKey: falApiKey, ...(errorBodies === undefined ? {} : { fetch: errorBodies.fetch }) });
  const provider = fromAiSdkVideoModel(fal.video(falModel), {
    sleep: time.sleep,
    capabilities: { durations: { min: 5, max: 9 }, resolutions: ['540p', '720p', '1080p'] },
    ...(errorBodies === undefined ? {} : { errorBodies }),
  });
  const conductor = createVideoConductor({ provider, presets: falPresets, storage, ledger, clock: time.clock, sleep: time.sleep, urlPolicy: { lookup: publicTestLookup } });
  return { conductor, ledger, storage, jobs, time };
}

const lines = async () => (await wire()).map((request) => `${request.method} ${request.path}`);

describe('conductor over the real @ai-sdk/fal (msw on fal’s queue)', () => {
  it('one 503 and one dropped connection while polling: the job still succeeds, with one submit, the real model and the bytes stored', async () => {
    const { conductor, ledger, storage } = setup(['running', { status: 503, text: 'upstream unavailable' }, 'drop', 'running', 'done']);

    const result = await conductor.generate({ prompt: 'A lighthouse in a storm', qualityMode: 'production', audit: { clipId: 'storm' } });

    expect(result).toMatchObject({ success: true, status: 'succeeded', model: falModel, provider: 'fal.video', sha256, sizeBytes: mp4.byteLength, actualCostUsd: null });
    if (!result.success) throw new Error('unreachable');
    const requests = await wire();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    const submit = requests[0]!;
    expect(submit.path).toBe(`/fal-ai/${falModel}`);
    // Resolution reaches fal where @ai-sdk/fal reads it (providerOptions.fal.resolution), duration as fal's "5s".
    expect(JSON.parse(submit.body)).toEqual({ prompt: 'A lighthouse in a storm', aspect_ratio: '16:9', duration: '5s', resolution: '720p' });
    expect(submit.headers.authorization).toBe(`Key ${falApiKey}`);
    expect(submit.headers['idempotency-key']).toBeUndefined();
    expect(decodeOperationRequestId(result.video.requestId)).toMatchObject({ responseUrl: expect.stringMatching(/^https:\/\/queue\.fal\.run\//) });
    expect(requests.at(-1)!.path).toMatch(/^\/files\/test\/.+\.mp4$/);

    const row = await ledger.get(result.recordId);
    expect(row).toMatchObject({ status: 'succeeded', model: falModel, resolution: '720p', durationSec: 5, estimatedCostUsd: 0.4, actualCostUsd: null, sha256 });
    expect(JSON.stringify(row)).not.toContain(falApiKey);
    expect(createHash('sha256').update(storage.read(`videos/${result.recordId}.mp4`)!).digest('hex')).toBe(sha256);
  });

  it('a job whose reads keep failing on the way is not ended: it times out resumable, and resume finishes it with no second submit', async () => {
    const steps: FalStep[] = ['running', ...Array.from({ length: 40 }, () => ({ status: 503, text: 'upstream unavailable' }) as FalStep), 'done'];
    const { conductor, jobs } = setup(steps);
    const waited = (await conductor.generate({ prompt: 'A slow sunrise' }, { timeoutMs: 20_000 }).catch((error: unknown) => error)) as Error & { recordId: string; requestId: string };
    expect(waited).toMatchObject({ name: 'GenerationTimeoutError', recordId: expect.any(String), requestId: expect.stringMatching(/^aisdk1\./) });
    expect(waited.message).not.toContain(waited.requestId); // the ~230-character id is shortened in messages
    const submitted = { recordId: waited.recordId };

    const job = [...jobs.values()][0]!;
    job.reads = steps.length - 1; // fal recovers
    const result = await conductor.resume(submitted.recordId);
    expect(result).toMatchObject({ success: true, status: 'succeeded', sha256 });
    expect((await lines()).filter((line) => line.startsWith('POST'))).toHaveLength(1);
  });

  it('a content-policy 422 on the result read ends as moderated (success: false), nothing stored — with the error-body recorder', async () => {
    const { conductor, ledger, storage } = setup(['running', contentPolicyViolation], { recorder: true });
    const result = await conductor.generate({ prompt: 'something the checker flags' });
    expect(result).toMatchObject({ success: false, status: 'moderated', video: null });
    const row = await ledger.get(result.recordId);
    expect(row).toMatchObject({ status: 'moderated', storageKey: null, error: { code: 'MODERATED', message: expect.stringContaining('content_policy_violation') } });
    expect(storage.read(`videos/${result.recordId}.mp4`)).toBeNull();
    expect((await lines()).some((line) => line.includes('/files/test/'))).toBe(false);
  });

  it('without the recorder the same 422 is confirmed by a re-read and ends failed, saying why moderation could not be told', async () => {
    const { conductor, ledger } = setup(['running', contentPolicyViolation]);
    const error = await conductor.generate({ prompt: 'something the checker flags' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ProviderError', code: 'GENERATION_FAILED', isRetryable: false });
    expect((error as Error).message).toContain('createErrorBodyRecorder');
    const reads = (await lines()).filter((line) => line.startsWith('GET /fal-ai/'));
    expect(reads).toHaveLength(3); // running, 422, the confirming 422
    const rows = await ledger.list({});
    expect(rows.records[0]).toMatchObject({ status: 'failed', error: { code: 'GENERATION_FAILED' } });
  });

  it('a finished video with has_nsfw_concepts: [true] is moderated and never downloaded', async () => {
    const { conductor, ledger, storage } = setup(['running', 'nsfw']);
    const result = await conductor.generate({ prompt: 'a beach' });
    expect(result).toMatchObject({ success: false, status: 'moderated', video: null });
    expect(await ledger.get(result.recordId)).toMatchObject({ status: 'moderated', sha256: null, error: { message: expect.stringContaining('has_nsfw_concepts') } });
    expect(storage.read(`videos/${result.recordId}.mp4`)).toBeNull();
    expect((await lines()).some((line) => line.includes('/files/test/'))).toBe(false);
  });

  it('a single 404 while polling is not the end; two in a row are JOB_NOT_FOUND', async () => {
    const notFound: FalStep = { status: 404, body: { detail: 'Request not found' } };
    const once = setup(['running', notFound, 'running', 'done']);
    expect(await once.conductor.generate({ prompt: 'p' })).toMatchObject({ success: true });

    server.resetHandlers();
    const twice = setup(['running', notFound]);
    const error = await twice.conductor.generate({ prompt: 'p' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'JOB_NOT_FOUND', isRetryable: false });
    expect((error as { requestId?: string }).requestId).toMatch(/^aisdk1\./);
    expect((error as Error).message.length).toBeLessThan(200);
  });

  it('a submit refused (401) fails with the recordId of the row it wrote, and the key is nowhere', async () => {
    const { handlers } = falQueueHandlers(() => ['done'], mp4);
    server.use(...handlers);
    const time = createFakeTime();
    const ledger = new MemoryLedger({ clock: time.clock });
    const provider = fromAiSdkVideoModel(createFal({ apiKey: 'fal-wrong-key-000000000000' }).video(falModel), { sleep: time.sleep });
    const conductor = createVideoConductor({ provider, presets: falPresets, storage: new MemoryStorage(), ledger, clock: time.clock, sleep: time.sleep });
    const error = (await conductor.generate({ prompt: 'p' }).catch((caught: unknown) => caught)) as { code: string; recordId?: string; toJSON(): unknown };
    expect(error).toMatchObject({ name: 'ProviderError', code: 'AUTHENTICATION_FAILED', recordId: expect.any(String) });
    expect(await ledger.get(error.recordId!)).toMatchObject({ status: 'failed', requestId: null });
    expect(error.toJSON()).toMatchObject({ recordId: error.recordId });
  });

  it('a submit refused with 422 content_policy_violation ends moderated before any job exists', async () => {
    server.use(
      (await import('msw')).http.post(`https://queue.fal.run/fal-ai/${falModel}`, () =>
        (await_json(contentPolicyViolation.body, 422)),
      ),
    );
    const time = createFakeTime();
    const ledger = new MemoryLedger({ clock: time.clock });
    const provider = fromAiSdkVideoModel(createFal({ apiKey: falApiKey }).video(falModel), { sleep: time.sleep });
    const conductor = createVideoConductor({ provider, presets: falPresets, storage: new MemoryStorage(), ledger, clock: time.clock, sleep: time.sleep });
    const result = await conductor.generate({ prompt: 'flagged at the door' });
    expect(result).toMatchObject({ success: false, status: 'moderated' });
    expect(await ledger.get(result.recordId)).toMatchObject({ status: 'moderated', requestId: null });
    expect(falRequestUrl('x')).toContain('/requests/');
    expect(falVideoUrl('x')).toContain('v3.fal.media');
  });
});

function await_json(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, statusText: 'Unprocessable Entity', headers: { 'content-type': 'application/json' } });
}

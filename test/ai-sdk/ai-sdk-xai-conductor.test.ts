import { createHash } from 'node:crypto';
import { createXai } from '@ai-sdk/xai';
import { createVideoConductor, type VideoConductorError } from '@ring/video-conductor';
import { createFakeTime, createTestMp4, MemoryLedger, MemoryStorage, publicTestLookup } from '@ring/video-conductor/testing';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { decodeOperationRequestId, fromAiSdkVideoModel } from '@ring/video-conductor/ai-sdk';
import { rejectionOf } from './ai-sdk-test-helpers.js';
import { useMswWire } from '../support/msw-wire.js';

const { server, wire } = useMswWire();
const apiBase = 'https://api.x.ai/v1';
const apiKey = 'xai-canary-KEY-DO-NOT-LEAK-1234567890';
const xaiRequestId = 'd97415a1-5796-b7ec-379f-4e6819e08fdf';
const videoUrl = `https://vidgen.x.ai/xai-vidgen-bucket/${xaiRequestId}/video.mp4`;
const mp4 = createTestMp4(300_000);
const sha256 = createHash('sha256').update(mp4).digest('hex');

/** xAI as its docs describe it: accepted → 202 empty → pending → done; the video on its CDN. */
function xaiJob(options: { done?: Record<string, unknown> } = {}) {
  let polls = 0;
  server.use(
    http.post(`${apiBase}/videos/generations`, () => HttpResponse.json({ request_id: xaiRequestId })),
    http.get(`${apiBase}/videos/${xaiRequestId}`, () => {
      polls += 1;
      if (polls === 1) return new HttpResponse(null, { status: 202 });
      if (polls === 2) return HttpResponse.json({ status: 'pending', progress: 40 });
      return HttpResponse.json(
        options.done ?? {
          status: 'done',
          model: 'grok-imagine-video',
          video: { url: videoUrl, duration: 6, respect_moderation: true },
          usage: { cost_in_usd_ticks: 3_000_000_000 },
          progress: 100,
        },
      );
    }),
    http.get(videoUrl, () => new HttpResponse(mp4, { headers: { 'content-type': 'video/mp4', 'content-length': String(mp4.byteLength) } })),
  );
}

/** One "process": its own @ai-sdk/xai provider, bridge and conductor, over a shared ledger and storage. */
function startProcess(shared: { ledger: MemoryLedger; storage: MemoryStorage; time: ReturnType<typeof createFakeTime> }) {
  const model = createXai({ apiKey }).video('grok-imagine-video');
  const bridge = fromAiSdkVideoModel(model, {
    sleep: shared.time.sleep,
    capabilities: { durations: { min: 1, max: 15 }, resolutions: ['480p', '720p'] },
  });
  const conductor = createVideoConductor({ provider: bridge, urlPolicy: { lookup: publicTestLookup }, storage: shared.storage, ledger: shared.ledger, clock: shared.time.clock, sleep: shared.time.sleep });
  return { bridge, conductor };
}

function sharedState() {
  const time = createFakeTime();
  return { time, ledger: new MemoryLedger({ clock: time.clock }), storage: new MemoryStorage() };
}

describe('conductor end to end through the bridge over @ai-sdk/xai (msw)', () => {
  it('submits on the wire, polls through 202-empty and pending, stores the MP4 with its sha256', async () => {
    xaiJob();
    const shared = sharedState();
    const { conductor } = startProcess(shared);

    const result = await conductor.generate({ prompt: 'A drone shot over Kyiv at dawn', durationSec: 6, aspectRatio: '9:16', audit: { clipId: 'kyiv' } });

    const requests = await wire();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/videos/generations',
      `GET /v1/videos/${xaiRequestId}`,
      `GET /v1/videos/${xaiRequestId}`,
      `GET /v1/videos/${xaiRequestId}`,
      `GET /xai-vidgen-bucket/${xaiRequestId}/video.mp4`,
    ]);
    expect(JSON.parse(requests[0]!.body)).toEqual({
      model: 'grok-imagine-video',
      prompt: 'A drone shot over Kyiv at dawn',
      duration: 6,
      aspect_ratio: '9:16',
      resolution: '480p',
    });
    expect(requests[0]!.headers).toMatchObject({ authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' });
    expect(requests[0]!.headers['idempotency-key']).toMatch(/^vc_[0-9a-f-]{36}$/);
    expect(requests[4]!.headers.authorization).toBeUndefined();

    expect(result).toMatchObject({
      success: true,
      status: 'succeeded',
      provider: 'xai.video',
      model: 'grok-imagine-video',
      sizeBytes: mp4.byteLength,
      sha256,
      actualCostUsd: 0.3,
      video: { temporaryUrl: videoUrl, persisted: true, durationSec: 6 },
    });
    if (!result.success) throw new Error('unreachable');
    expect(decodeOperationRequestId(result.video.requestId)).toEqual({ requestId: xaiRequestId });
    const stored = shared.storage.read(`videos/${result.recordId}.mp4`);
    expect(createHash('sha256').update(stored!).digest('hex')).toBe(sha256);
    const row = await shared.ledger.get(result.recordId);
    expect(row).toMatchObject({ status: 'succeeded', provider: 'xai.video', requestId: result.video.requestId, sha256, audit: { clipId: 'kyiv' } });
    expect(JSON.stringify(row)).not.toContain(apiKey);
  });

  it('a job submitted by one process is resumed by a fresh bridge in another, without a second submit', async () => {
    xaiJob();
    const shared = sharedState();
    const first = startProcess(shared);
    const submitted = await first.conductor.submit({ prompt: 'The gate opens', durationSec: 4 });
    expect(decodeOperationRequestId(submitted.requestId)).toEqual({ requestId: xaiRequestId });
    expect((await shared.ledger.get(submitted.recordId))?.requestId).toBe(submitted.requestId);

    // "Process" two: new AI SDK provider, new bridge, new conductor; only the ledger row is shared.
    const second = startProcess(shared);
    expect(await second.bridge.getStatus(submitted.requestId)).toEqual({ state: 'pending' });
    const result = await second.conductor.resume(submitted.recordId);
    expect(result).toMatchObject({ success: true, status: 'succeeded', sha256 });

    const methods = (await wire()).map((request) => `${request.method} ${request.path}`);
    expect(methods.filter((line) => line.startsWith('POST'))).toEqual(['POST /v1/videos/generations']);
    expect(methods.at(-1)).toBe(`GET /xai-vidgen-bucket/${xaiRequestId}/video.mp4`);
  });

  it('a video xAI’s moderation blocked ends as moderated (success: false), not failed', async () => {
    xaiJob({ done: { status: 'done', video: { url: null, respect_moderation: false } } });
    const shared = sharedState();
    const result = await startProcess(shared).conductor.generate({ prompt: 'something the filter dislikes' });
    expect(result).toMatchObject({ success: false, status: 'moderated', video: null });
    expect(await shared.ledger.get(result.recordId)).toMatchObject({ status: 'moderated' });
  });

  it('a 429 on submit is retried with the same idempotency key; a 401 never leaks the key', async () => {
    let posts = 0;
    server.use(
      http.post(`${apiBase}/videos/generations`, () => {
        posts += 1;
        return posts === 1
          ? HttpResponse.json({ code: 'Too many requests', error: 'slow down' }, { status: 429, headers: { 'retry-after': '1' } })
          : HttpResponse.json({ request_id: xaiRequestId });
      }),
    );
    const shared = sharedState();
    const { bridge } = startProcess(shared);
    const { requestId } = await bridge.submit({ operation: 'generate', model: 'grok-imagine-video', prompt: 'p', durationSec: 4 });
    expect(decodeOperationRequestId(requestId)).toEqual({ requestId: xaiRequestId });
    const sent = await wire();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.headers['idempotency-key']).toBe(sent[0]!.headers['idempotency-key']);
    expect(shared.time.sleeps).toEqual([1000]);

    server.use(
      http.get(`${apiBase}/videos/:id`, () =>
        HttpResponse.json({ code: 'Unauthorized', error: `Incorrect API key provided: ${apiKey}` }, { status: 401 }),
      ),
    );
    const error = (await rejectionOf(bridge.getStatus(requestId))) as VideoConductorError;
    expect(error).toMatchObject({ name: 'ProviderError', code: 'AUTHENTICATION_FAILED', status: 401 });
    expect(error.message).toMatch(/^doStatus https:\/\/api\.x\.ai\/v1\/videos\/d97415a1-5796-b7ec-379f-4e6819e08fdf failed with 401: /);
    expect(JSON.stringify(error.toJSON()) + error.message + String(error.stack)).not.toContain(apiKey);
  });

  it('an unknown job answers JOB_NOT_FOUND from xAI’s 404', async () => {
    server.use(http.get(`${apiBase}/videos/:id`, () => HttpResponse.json({ code: 'Not found', error: 'No such request' }, { status: 404 })));
    const { bridge } = startProcess(sharedState());
    const { encodeOperationRequestId } = await import('@ring/video-conductor/ai-sdk');
    const error = await rejectionOf(bridge.getStatus(encodeOperationRequestId({ requestId: 'ffffffff-ffff-4fff-8fff-ffffffffffff' })));
    expect(error).toMatchObject({ name: 'ProviderError', code: 'JOB_NOT_FOUND', status: 404, isRetryable: false });
  });
});

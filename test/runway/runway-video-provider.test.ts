import { InvalidRequestError, ProviderError, RateLimitError, UnsupportedCapabilityError } from '@ring/video-conductor';
import { createRunwayVideoProvider } from '@ring/video-conductor/runway';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiBase, canaryKey, fakeSleep, rejectionOf, taskBodies, useRunwayMockServer } from './runway-test-server.js';

const { server, seen } = useRunwayMockServer();
const taskId = '17f20503-6c24-4c16-946b-35dbbce2af2f';
const t2v = { operation: 'generate', model: 'gen4.5', prompt: 'Waves at dusk', durationSec: 5, aspectRatio: '16:9' } as const;
const provider = (options: { maxRetries?: number; timeoutMs?: number } = {}) =>
  createRunwayVideoProvider({ apiKey: canaryKey, sleep: fakeSleep().sleep, ...options });
const accepted = () => HttpResponse.json({ id: taskId, estimatedCost: { credits: 60 } });
const bodies = async () => (await seen()).map((request) => JSON.parse(request.body) as unknown);

describe('Runway submit: the bodies on the wire', () => {
  it('text-to-video maps W:H to the pixel ratio and sends the version header', async () => {
    server.use(http.post(`${apiBase}/v1/text_to_video`, accepted));
    expect(await provider().submit({ ...t2v, aspectRatio: '9:16', durationSec: 10 })).toEqual({ requestId: taskId });
    const [request] = await seen();
    expect(JSON.parse(request!.body)).toEqual({ model: 'gen4.5', promptText: 'Waves at dusk', ratio: '720:1280', duration: 10 });
    expect(request!.headers).toMatchObject({ 'x-runway-version': '2024-11-06', authorization: `Bearer ${canaryKey}`, 'content-type': 'application/json' });
  });

  it('image-to-video: gen4.5 and gen4_turbo take promptImage; every image ratio maps; a pixel ratio passes as it is', async () => {
    server.use(http.post(`${apiBase}/v1/image_to_video`, accepted));
    const video = provider();
    const image = 'data:image/png;base64,iVBORw0KGgo=';
    for (const [aspectRatio, ratio] of [['4:3', '1104:832'], ['3:4', '832:1104'], ['21:9', '1584:672'], ['960:960', '960:960']]) {
      await video.submit({ ...t2v, model: 'gen4_turbo', prompt: '', imageUrl: image, aspectRatio: aspectRatio! });
      expect((await bodies()).at(-1)).toEqual({ model: 'gen4_turbo', promptImage: image, ratio, duration: 5 });
    }
    await video.submit({ ...t2v, imageUrl: image, aspectRatio: '1:1', durationSec: 2 });
    expect((await bodies()).at(-1)).toEqual({ model: 'gen4.5', promptImage: image, promptText: 'Waves at dusk', ratio: '960:960', duration: 2 });
  });

  it('image-to-video without a ratio sends 1280:720 and says so; ignored fields become warnings', async () => {
    server.use(http.post(`${apiBase}/v1/image_to_video`, accepted));
    const { aspectRatio: _ratio, ...noRatio } = t2v;
    const result = await provider().submit({ ...noRatio, imageUrl: 'https://cdn.example.com/a.png', resolution: '1080p', generateAudio: true, user: 'u-1' });
    expect((await bodies())[0]).toMatchObject({ ratio: '1280:720' });
    expect(result.warnings?.map((warning) => (warning.type === 'unsupported' ? warning.field : warning.type))).toEqual(['resolution', 'generateAudio', 'user', 'other']);
  });

  it('refuses before any request: unmappable ratio, gen4_turbo without an image, bad duration, edits, last frames', async () => {
    const video = provider();
    const cases = [
      [{ ...t2v, aspectRatio: '1:1' }, 'aspectRatio', InvalidRequestError],
      [{ ...t2v, model: 'gen4_turbo' }, 'imageUrl', InvalidRequestError],
      [{ ...t2v, durationSec: 11 }, 'durationSec', InvalidRequestError],
      [{ ...t2v, durationSec: 2.5 }, 'durationSec', InvalidRequestError],
      [{ ...t2v, model: 'gen3a_turbo' }, 'model', InvalidRequestError],
      [{ ...t2v, prompt: 'x'.repeat(1001) }, 'prompt', InvalidRequestError],
      [{ ...t2v, operation: 'edit', sourceVideoUrl: 'https://cdn.example.com/a.mp4' }, 'operation', UnsupportedCapabilityError],
      [{ ...t2v, lastFrameUrl: 'https://cdn.example.com/end.png' }, 'lastFrameUrl', UnsupportedCapabilityError],
    ] as const;
    for (const [input, field, kind] of cases) {
      const error = await rejectionOf(video.submit(input as Parameters<typeof video.submit>[0]));
      expect(kind.isInstance(error), String(error)).toBe(true);
      expect(error).toMatchObject({ field });
    }
    expect(await seen()).toEqual([]);
  });
});

describe('Runway retries: billable creates only when nothing was started, reads freely', () => {
  it('a 500 on create is not repeated (the task may exist): one POST, SERVER_ERROR', async () => {
    server.use(http.post(`${apiBase}/v1/text_to_video`, () => HttpResponse.json({ error: 'Internal error' }, { status: 500 })));
    const error = await rejectionOf(provider().submit(t2v));
    expect(ProviderError.isInstance(error) && error.code).toBe('SERVER_ERROR');
    expect(error).toMatchObject({ message: 'POST /v1/text_to_video failed with 500: Internal error', isRetryable: true });
    expect(await seen()).toHaveLength(1);
  });

  it('a timed-out create is not repeated', async () => {
    server.use(
      http.post(`${apiBase}/v1/text_to_video`, async () => {
        await delay('infinite');
        return accepted();
      }),
    );
    const error = await rejectionOf(provider({ timeoutMs: 50 }).submit(t2v));
    expect(error).toMatchObject({ code: 'TIMEOUT', isRetryable: true });
    expect(await seen()).toHaveLength(1);
  });

  it('a 429 on create is repeated after Retry-After, then succeeds', async () => {
    let calls = 0;
    server.use(
      http.post(`${apiBase}/v1/text_to_video`, () =>
        ++calls === 1 ? HttpResponse.json({ error: 'Too many requests' }, { status: 429, headers: { 'Retry-After': '2' } }) : accepted(),
      ),
    );
    const sleep = fakeSleep();
    const result = await createRunwayVideoProvider({ apiKey: canaryKey, sleep: sleep.sleep }).submit(t2v);
    expect(result.requestId).toBe(taskId);
    expect(sleep.waits).toEqual([2000]);
    expect((await seen()).map((request) => request.headers['x-stainless-retry-count'])).toEqual(['0', '0']);
  });

  it('429s beyond maxRetries end as RateLimitError', async () => {
    server.use(http.post(`${apiBase}/v1/text_to_video`, () => HttpResponse.json({ error: 'Too many requests' }, { status: 429 })));
    const error = await rejectionOf(provider({ maxRetries: 1 }).submit(t2v));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(await seen()).toHaveLength(2);
  });

  it('task reads retry a 502 and a network error, then read the task', async () => {
    let calls = 0;
    server.use(
      http.get(`${apiBase}/v1/tasks/${taskId}`, () => {
        calls += 1;
        if (calls === 1) return new HttpResponse('bad gateway', { status: 502 });
        if (calls === 2) return HttpResponse.error();
        return HttpResponse.json(taskBodies.running(taskId, 0.25));
      }),
    );
    expect(await provider().getStatus(taskId)).toEqual({ state: 'pending', progress: 25 });
    expect(await seen()).toHaveLength(3);
  });
});

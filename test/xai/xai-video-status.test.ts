import { ProviderError } from '@ring/video-conductor';
import { createXaiVideoProvider } from '@ring/video-conductor/xai';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiBase, rejectionOf, useXaiMockServer } from './xai-test-server.js';

const { server } = useXaiMockServer();
const requestId = 'req-status-1';

function answerStatus(response: () => Response) {
  server.use(http.get(`${apiBase}/videos/${requestId}`, response));
  return createXaiVideoProvider({ apiKey: 'xai-test-key-0000000000' }).getStatus(requestId);
}

describe('xAI status mapping', () => {
  it('HTTP 202 with an empty body → pending', async () => {
    expect(await answerStatus(() => new HttpResponse(null, { status: 202 }))).toEqual({ state: 'pending' });
  });

  it('HTTP 202 with Retry-After → pending with retryAfterMs', async () => {
    expect(await answerStatus(() => new HttpResponse(null, { status: 202, headers: { 'Retry-After': '3' } }))).toEqual({
      state: 'pending',
      retryAfterMs: 3000,
    });
  });

  it('a body without status (right after submit) → pending, progress passed through', async () => {
    expect(await answerStatus(() => HttpResponse.json({ progress: 3 }))).toEqual({ state: 'pending', progress: 3 });
    expect(await answerStatus(() => HttpResponse.json({}))).toEqual({ state: 'pending' });
  });

  it('pending with progress', async () => {
    expect(await answerStatus(() => HttpResponse.json({ status: 'pending', progress: 42 }))).toEqual({
      state: 'pending',
      progress: 42,
    });
  });

  it('done with respect_moderation false → moderated', async () => {
    const status = await answerStatus(() =>
      HttpResponse.json({ status: 'done', video: { url: null, respect_moderation: false } }),
    );
    expect(status).toEqual({ state: 'moderated', message: expect.any(String) });
  });

  it('moderated even when a URL is present, and the cost is kept', async () => {
    const status = await answerStatus(() =>
      HttpResponse.json({
        status: 'done',
        video: { url: 'https://vidgen.x.ai/blocked.mp4', respect_moderation: false },
        usage: { cost_in_usd_ticks: 2_000_000_000 },
      }),
    );
    expect(status).toEqual({ state: 'moderated', message: expect.any(String), usage: { costUsd: 0.2 } });
  });

  it('done → video url, duration in seconds and cost ticks converted to USD (10^10 ticks per USD)', async () => {
    const status = await answerStatus(() =>
      HttpResponse.json({
        status: 'done',
        model: 'grok-imagine-video',
        video: { url: 'https://vidgen.x.ai/abc/video.mp4', duration: 8, respect_moderation: true },
        usage: { cost_in_usd_ticks: 4_000_000_000 },
        progress: 100,
      }),
    );
    expect(status).toEqual({
      state: 'done',
      video: { url: 'https://vidgen.x.ai/abc/video.mp4', durationSec: 8 },
      usage: { costUsd: 0.4 },
    });
  });

  it('done without usage or duration omits them', async () => {
    const status = await answerStatus(() => HttpResponse.json({ status: 'done', video: { url: 'https://vidgen.x.ai/v.mp4' } }));
    expect(status).toEqual({ state: 'done', video: { url: 'https://vidgen.x.ai/v.mp4' } });
  });

  it('done without a URL and without a moderation flag → failed MISSING_VIDEO_URL', async () => {
    const status = await answerStatus(() => HttpResponse.json({ status: 'done', video: { duration: 8 } }));
    expect(status).toEqual({ state: 'failed', code: 'MISSING_VIDEO_URL', message: expect.any(String), retryable: false });
    expect(await answerStatus(() => HttpResponse.json({ status: 'done' }))).toMatchObject({ code: 'MISSING_VIDEO_URL' });
  });

  it('expired', async () => {
    expect(await answerStatus(() => HttpResponse.json({ status: 'expired' }))).toEqual({ state: 'expired' });
  });

  it('failed → code and message, not retryable', async () => {
    const status = await answerStatus(() =>
      HttpResponse.json({ status: 'failed', error: { code: 'generation_failed', message: 'The model could not render it' } }),
    );
    expect(status).toEqual({
      state: 'failed',
      code: 'generation_failed',
      message: 'The model could not render it',
      retryable: false,
    });
  });

  it('failed with a transient code is retryable; failed without details gets defaults', async () => {
    expect(
      await answerStatus(() => HttpResponse.json({ status: 'failed', error: { code: 'internal_timeout', message: 'try again' } })),
    ).toMatchObject({ state: 'failed', code: 'internal_timeout', retryable: true });
    expect(await answerStatus(() => HttpResponse.json({ status: 'failed' }))).toEqual({
      state: 'failed',
      code: 'generation_failed',
      message: expect.any(String),
      retryable: false,
    });
  });

  it('unknown status → pending with an "other" warning, never a crash', async () => {
    const status = await answerStatus(() => HttpResponse.json({ status: 'rendering_frames', progress: 10 }));
    expect(status).toEqual({
      state: 'pending',
      progress: 10,
      warnings: [{ type: 'other', message: expect.stringContaining('rendering_frames') }],
    });
  });

  it('fields of unexpected types are tolerated', async () => {
    const status = await answerStatus(() =>
      HttpResponse.json({ status: 'done', progress: 'lots', video: { url: 'https://vidgen.x.ai/v.mp4', duration: '8s' }, usage: 'n/a' }),
    );
    expect(status).toEqual({ state: 'done', video: { url: 'https://vidgen.x.ai/v.mp4' } });
  });

  it('malformed JSON → ProviderError INVALID_RESPONSE, not a TypeError or SyntaxError', async () => {
    const error = await rejectionOf(
      answerStatus(() => new HttpResponse('{"status": "done", "video": {', { status: 200, headers: { 'Content-Type': 'application/json' } })),
    );
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', provider: 'xai', status: 200, requestId, isRetryable: false });
    expect((error as Error).message).toContain(`GET /v1/videos/${requestId}`);
  });

  it('an HTML page with status 200 is INVALID_RESPONSE too', async () => {
    await expect(answerStatus(() => HttpResponse.html('<html>gateway</html>'))).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
  });

  it('404 on a status read → ProviderError JOB_NOT_FOUND, not retried', async () => {
    let calls = 0;
    const error = await rejectionOf(
      answerStatus(() => {
        calls += 1;
        return HttpResponse.json({ code: 'Not found', error: 'No such request' }, { status: 404 });
      }),
    );
    expect(error).toMatchObject({ name: 'ProviderError', code: 'JOB_NOT_FOUND', status: 404, requestId, isRetryable: false });
    expect((error as Error).message).toBe(`GET /v1/videos/${requestId} failed with 404: No such request`);
    expect(calls).toBe(1);
  });

  it('an empty request id is rejected before anything is sent', async () => {
    await expect(createXaiVideoProvider({ apiKey: 'k' }).getStatus('')).rejects.toMatchObject({
      name: 'InvalidRequestError',
      field: 'requestId',
    });
  });
});

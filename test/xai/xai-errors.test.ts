import { InvalidRequestError, ProviderError, RateLimitError, VideoConductorError } from '@ring/video-conductor';
import { createXaiVideoProvider } from '@ring/video-conductor/xai';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { apiBase, fakeSleep, rejectionOf, useXaiMockServer } from './xai-test-server.js';

const { server, seen } = useXaiMockServer();
const apiKey = 'xai-test-key-0000000000';
const input = { operation: 'generate', model: 'grok-imagine-video', prompt: 'Waves' } as const;

function submitAnswered(response: () => Response, options: { maxRetries?: number } = {}) {
  server.use(http.post(`${apiBase}/videos/generations`, response));
  return rejectionOf(createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep, maxRetries: options.maxRetries ?? 0 }).submit(input));
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('xAI error mapping', () => {
  it('400 → InvalidRequestError with the provider message and the field when obvious', async () => {
    const error = await submitAnswered(() =>
      HttpResponse.json(
        { code: 'Client specified an invalid argument', error: 'Invalid aspect_ratio "5:1": expected one of 1:1, 16:9, 9:16' },
        { status: 400 },
      ),
    );
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'INVALID_REQUEST', field: 'aspectRatio', provider: 'xai', isRetryable: false });
    expect((error as Error).message).toBe(
      'POST /v1/videos/generations failed with 400: Invalid aspect_ratio "5:1": expected one of 1:1, 16:9, 9:16',
    );
  });

  it('422 → InvalidRequestError; field is empty when the message is not about one field', async () => {
    const error = await submitAnswered(() => HttpResponse.json({ error: { message: 'Something is off' } }, { status: 422 }));
    expect(error).toMatchObject({ name: 'InvalidRequestError', field: '', provider: 'xai' });
    expect((error as Error).message).toBe('POST /v1/videos/generations failed with 422: Something is off');
  });

  it('422 naming the duration maps to durationSec', async () => {
    const error = await submitAnswered(() =>
      HttpResponse.json({ error: 'duration: invalid value: integer `20`, expected at most 15' }, { status: 422 }),
    );
    expect(error).toMatchObject({ name: 'InvalidRequestError', field: 'durationSec' });
  });

  it('400 about the API key → InvalidRequestError field apiKey', async () => {
    const error = await submitAnswered(() =>
      HttpResponse.json({ code: 'Client specified an invalid argument', error: 'Incorrect API key provided: xa***00.' }, { status: 400 }),
    );
    expect(error).toMatchObject({ name: 'InvalidRequestError', field: 'apiKey', code: 'INVALID_API_KEY' });
  });

  it('401 → AUTHENTICATION_FAILED, 403 → PERMISSION_DENIED, neither retryable nor retried', async () => {
    let calls = 0;
    const unauthorized = await submitAnswered(() => (calls++, HttpResponse.json({ error: 'bad key' }, { status: 401 })), {
      maxRetries: 2,
    });
    expect(unauthorized).toMatchObject({ name: 'ProviderError', code: 'AUTHENTICATION_FAILED', status: 401, isRetryable: false });
    const forbidden = await submitAnswered(() => HttpResponse.json({ error: 'no access to model' }, { status: 403 }));
    expect(forbidden).toMatchObject({ name: 'ProviderError', code: 'PERMISSION_DENIED', status: 403, isRetryable: false });
    expect(calls).toBe(1);
  });

  it('429 → RateLimitError with retryAfterMs from Retry-After seconds', async () => {
    const error = await submitAnswered(() => HttpResponse.json({ error: 'slow down' }, { status: 429, headers: { 'Retry-After': '7' } }));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterMs: 7000, isRetryable: true, provider: 'xai' });
  });

  it('429 with an HTTP-date Retry-After', async () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    server.use(
      http.post(`${apiBase}/videos/generations`, () =>
        new HttpResponse(null, { status: 429, headers: { 'Retry-After': 'Thu, 01 Jan 2026 00:00:30 GMT' } }),
      ),
    );
    const error = await rejectionOf(
      createXaiVideoProvider({ apiKey, maxRetries: 0, clock: { now: () => now } }).submit(input),
    );
    expect(error).toMatchObject({ name: 'RateLimitError', retryAfterMs: 30_000 });
  });

  it('5xx → retryable ProviderError naming operation and target', async () => {
    const error = await submitAnswered(() => new HttpResponse(null, { status: 503 }));
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'SERVER_ERROR', status: 503, isRetryable: true });
    expect((error as Error).message).toBe('POST /v1/videos/generations failed with 503');
  });

  it('another 4xx → ProviderError HTTP_ERROR', async () => {
    const error = await submitAnswered(() => new HttpResponse('too large', { status: 413 }));
    expect(error).toMatchObject({ name: 'ProviderError', code: 'HTTP_ERROR', status: 413, isRetryable: false });
  });

  it('network failure → retryable ProviderError NETWORK_ERROR', async () => {
    const error = await submitAnswered(() => HttpResponse.error());
    expect(error).toMatchObject({ name: 'ProviderError', code: 'NETWORK_ERROR', isRetryable: true, provider: 'xai' });
    expect((error as Error).message).toMatch(/^POST \/v1\/videos\/generations failed: network error/);
  });

  it('an injected fetch that throws anything becomes NETWORK_ERROR, not a raw error', async () => {
    const fetch: typeof globalThis.fetch = async () => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }) });
    };
    const error = await rejectionOf(createXaiVideoProvider({ apiKey, fetch, maxRetries: 0 }).getStatus('r1'));
    expect(error).toMatchObject({ name: 'ProviderError', code: 'NETWORK_ERROR', requestId: 'r1' });
    expect((error as Error).message).toBe('GET /v1/videos/r1 failed: network error (ECONNRESET)');
  });

  it('every error is a VideoConductorError', async () => {
    for (const status of [400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504]) {
      const error = await submitAnswered(() => new HttpResponse(null, { status }));
      expect(VideoConductorError.isInstance(error), `status ${status}`).toBe(true);
    }
  });
});

describe('the API key', () => {
  it('is read from XAI_API_KEY lazily: at the first call, not at construction', async () => {
    vi.stubEnv('XAI_API_KEY', '');
    const video = createXaiVideoProvider();
    vi.stubEnv('XAI_API_KEY', 'xai-from-env-1111111111');
    server.use(http.get(`${apiBase}/videos/:id`, () => HttpResponse.json({ status: 'pending' })));
    await video.getStatus('r1');
    const [request] = await seen();
    expect(request?.headers.authorization).toBe('Bearer xai-from-env-1111111111');
  });

  it('the option wins over the environment', async () => {
    vi.stubEnv('XAI_API_KEY', 'xai-from-env-1111111111');
    server.use(http.get(`${apiBase}/videos/:id`, () => HttpResponse.json({ status: 'pending' })));
    await createXaiVideoProvider({ apiKey }).getStatus('r1');
    const [request] = await seen();
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it('missing → InvalidRequestError field apiKey, code MISSING_API_KEY, naming the option and the variable; nothing sent', async () => {
    vi.stubEnv('XAI_API_KEY', '');
    const error = await rejectionOf(createXaiVideoProvider().submit(input));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field: 'apiKey', code: 'MISSING_API_KEY', isRetryable: false });
    expect((error as Error).message).toContain('apiKey');
    expect((error as Error).message).toContain('XAI_API_KEY');
    expect(await seen()).toHaveLength(0);
  });
});

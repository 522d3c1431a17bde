import {
  APICallError,
  InvalidArgumentError,
  InvalidResponseDataError,
  LoadAPIKeyError,
  UnsupportedFunctionalityError,
} from '@ai-sdk/provider';
import { InvalidRequestError, ProviderError, RateLimitError, UnsupportedCapabilityError, VideoConductorError } from '@ring/video-conductor';
import { MockVideoModelV4 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { encodeOperationRequestId, fromAiSdkVideoModel } from '@ring/video-conductor/ai-sdk';
import { fakeSleep, rejectionOf, response } from './ai-sdk-test-helpers.js';

// Built at run time so the source holds nothing that looks like a real key.
const secretKey = ['xai', 'SECRET0canary0KEY0000000000000000'].join('-');
const input = { operation: 'generate' as const, model: 'mock-model-id', prompt: 'p' };
const requestId = encodeOperationRequestId({ jobId: 'job-1' });

function apiError(statusCode: number | undefined, extra: Partial<ConstructorParameters<typeof APICallError>[0]> = {}) {
  return new APICallError({
    message: statusCode === undefined ? 'Cannot connect to API: connect ECONNREFUSED 127.0.0.1:443' : `Status ${statusCode}`,
    url: `https://api.example.com/v1/videos?key=${secretKey}`,
    requestBodyValues: { prompt: 'p', api_key: secretKey },
    responseHeaders: { authorization: `Bearer ${secretKey}`, 'x-request-id': 'r1' },
    responseBody: `{"error":"bad key ${secretKey}"}`,
    ...(statusCode === undefined ? {} : { statusCode }),
    ...extra,
  });
}

/** A bridge whose model fails `doStart` and `doStatus` with the given errors in turn (the last repeats), then succeeds. */
function failingBridge(errors: { start?: unknown[]; status?: unknown[] }, maxRetries = 2) {
  let starts = 0;
  let statuses = 0;
  const model = new MockVideoModelV4({
    provider: 'example.video',
    doStart: async () => {
      const error = errors.start?.[starts++];
      if (error !== undefined) throw error;
      return { operation: { jobId: 'job-1' }, warnings: [], response: response() };
    },
    doStatus: async () => {
      const error = errors.status?.[statuses++];
      if (error !== undefined) throw error;
      return { status: 'pending', response: response() };
    },
  });
  const time = fakeSleep();
  const bridge = fromAiSdkVideoModel(model, { sleep: time.sleep, random: () => 0.5, maxRetries, clock: { now: () => Date.parse('2026-01-01T00:00:00Z') } });
  return { bridge, waits: time.waits, counts: () => ({ starts, statuses }) };
}

describe('AI SDK errors → typed errors', () => {
  it('maps APICallError statuses', async () => {
    const cases: Array<[number, string, boolean]> = [
      [401, 'AUTHENTICATION_FAILED', false],
      [403, 'PERMISSION_DENIED', false],
      [404, 'JOB_NOT_FOUND', false],
      [418, 'HTTP_ERROR', false],
      [500, 'SERVER_ERROR', true],
      [502, 'SERVER_ERROR', true],
    ];
    for (const [status, code, retryable] of cases) {
      const { bridge } = failingBridge({ status: [apiError(status)] }, 0);
      const error = await rejectionOf(bridge.getStatus(requestId));
      expect(ProviderError.isInstance(error), `${status}`).toBe(true);
      expect(error, `${status}`).toMatchObject({ code, status, isRetryable: retryable, provider: 'example.video', requestId });
      expect((error as Error).message).toBe(`doStatus https://api.example.com/v1/videos failed with ${status}: Status ${status}`);
    }
    const { bridge } = failingBridge({ start: [apiError(404)] }, 0);
    expect(await rejectionOf(bridge.submit(input))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('400/422 → InvalidRequestError; 429 → RateLimitError with retryAfterMs', async () => {
    for (const status of [400, 422]) {
      const { bridge } = failingBridge({ start: [apiError(status)] }, 0);
      const error = await rejectionOf(bridge.submit(input));
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'INVALID_REQUEST', provider: 'example.video', isRetryable: false });
    }
    const seconds = failingBridge({ start: [apiError(429, { responseHeaders: { 'retry-after': '7' } })] }, 0);
    const rateLimited = await rejectionOf(seconds.bridge.submit(input));
    expect(RateLimitError.isInstance(rateLimited)).toBe(true);
    expect(rateLimited).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterMs: 7000, isRetryable: true });

    const date = failingBridge({ status: [apiError(429, { responseHeaders: { 'Retry-After': 'Thu, 01 Jan 2026 00:00:30 GMT' } })] }, 0);
    expect(await rejectionOf(date.bridge.getStatus(requestId))).toMatchObject({ retryAfterMs: 30_000 });
    const milliseconds = failingBridge({ status: [apiError(429, { responseHeaders: { 'retry-after-ms': '1500' } })] }, 0);
    expect(await rejectionOf(milliseconds.bridge.getStatus(requestId))).toMatchObject({ retryAfterMs: 1500 });
  });

  it('no status (no answer) → retryable NETWORK_ERROR', async () => {
    const { bridge } = failingBridge({ status: [apiError(undefined, { isRetryable: true })] }, 0);
    const error = await rejectionOf(bridge.getStatus(requestId));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', isRetryable: true });
    expect((error as Error).message).toBe('doStatus https://api.example.com/v1/videos failed: network error (Cannot connect to API: connect ECONNREFUSED 127.0.0.1:443)');
  });

  it('maps the AI SDK’s other errors', async () => {
    const expectations: Array<[unknown, (error: unknown) => boolean, Record<string, unknown>]> = [
      [new LoadAPIKeyError({ message: 'XAI_API_KEY is missing' }), (e) => InvalidRequestError.isInstance(e), { code: 'MISSING_API_KEY', field: 'apiKey' }],
      [new InvalidArgumentError({ argument: 'duration', message: 'duration must be ≤ 15' }), (e) => InvalidRequestError.isInstance(e), { field: 'duration' }],
      [new UnsupportedFunctionalityError({ functionality: 'lastFrame' }), (e) => UnsupportedCapabilityError.isInstance(e), { capability: 'lastFrame' }],
      [new InvalidResponseDataError({ data: {}, message: 'bad shape' }), (e) => ProviderError.isInstance(e), { code: 'INVALID_RESPONSE', isRetryable: false }],
      [new Error(`boom ${secretKey}`), (e) => ProviderError.isInstance(e), { code: 'PROVIDER_ERROR', isRetryable: false }],
      ['a string', (e) => ProviderError.isInstance(e), { code: 'PROVIDER_ERROR' }],
    ];
    for (const [thrown, check, shape] of expectations) {
      const { bridge } = failingBridge({ start: [thrown] }, 0);
      const error = await rejectionOf(bridge.submit(input));
      expect(check(error), String(thrown)).toBe(true);
      expect(error).toMatchObject(shape);
      expect(JSON.stringify((error as VideoConductorError).toJSON())).not.toContain(secretKey);
    }
  });

  it('never leaks keys from the URL query, headers, request body, response body or message', async () => {
    const leaky = apiError(401, { message: `Incorrect API key provided: ${secretKey}. Header was Bearer ${secretKey}` });
    for (const call of ['start', 'status'] as const) {
      const { bridge } = failingBridge({ [call]: [leaky] }, 0);
      const error = (await rejectionOf(call === 'start' ? bridge.submit(input) : bridge.getStatus(requestId))) as VideoConductorError;
      expect(VideoConductorError.isInstance(error)).toBe(true);
      const visible = [error.message, error.stack ?? '', JSON.stringify(error.toJSON()), String(error.cause), (error.cause as Error).stack ?? '', JSON.stringify(Object.entries(error))];
      for (const text of visible) {
        expect(text).not.toContain('SECRET0canary0KEY');
        expect(text).not.toContain('x-request-id');
        expect(text).not.toContain('?key=');
      }
      expect(error.cause).not.toBe(leaky);
      expect(error.message).toContain('[REDACTED]');
    }
  });
});

describe('retries', () => {
  it('doStatus repeats retryable failures with backoff, honouring Retry-After', async () => {
    const { bridge, waits, counts } = failingBridge({ status: [apiError(503), apiError(429, { responseHeaders: { 'retry-after': '2' } })] });
    expect(await bridge.getStatus(requestId)).toEqual({ state: 'pending' });
    expect(counts().statuses).toBe(3);
    expect(waits).toEqual([375, 2000]);
  });

  it('doStatus does not repeat what will not change (401, 404), nor beyond maxRetries', async () => {
    const notFound = failingBridge({ status: [apiError(404)] });
    await rejectionOf(notFound.bridge.getStatus(requestId));
    expect(notFound.counts().statuses).toBe(1);
    const busy = failingBridge({ status: [apiError(500), apiError(500), apiError(500), apiError(500)] });
    expect(await rejectionOf(busy.bridge.getStatus(requestId))).toMatchObject({ code: 'SERVER_ERROR' });
    expect(busy.counts().statuses).toBe(3);
  });

  it('doStart repeats only when no job can have started: 429, 503, refused connection', async () => {
    const refused = new APICallError({
      message: 'Cannot connect to API: connect ECONNREFUSED',
      url: 'https://api.example.com/v1/videos',
      requestBodyValues: {},
      cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      isRetryable: true,
    });
    const retried = failingBridge({ start: [apiError(429), apiError(503), refused] }, 3);
    const { requestId: accepted } = await retried.bridge.submit(input);
    expect(accepted).toBe(requestId);
    expect(retried.counts().starts).toBe(4);

    for (const once of [apiError(500), apiError(502), apiError(504), apiError(undefined, { isRetryable: true, message: 'socket hang up' })]) {
      const single = failingBridge({ start: [once] }, 3);
      const error = await rejectionOf(single.bridge.submit(input));
      expect(VideoConductorError.isInstance(error)).toBe(true);
      expect(single.counts().starts, (error as Error).message).toBe(1);
    }
  });

  it('a Retry-After beyond 60 s goes back to the caller instead of blocking', async () => {
    const { bridge, waits, counts } = failingBridge({ status: [apiError(429, { responseHeaders: { 'retry-after': '120' } })] });
    expect(await rejectionOf(bridge.getStatus(requestId))).toMatchObject({ retryAfterMs: 120_000 });
    expect(counts().statuses).toBe(1);
    expect(waits).toEqual([]);
  });
});

describe('redactSecrets', () => {
  it('redacts credential shapes and leaves prose alone', async () => {
    const { redactSecrets } = await import('@ring/video-conductor/provider-kit');
    expect(redactSecrets('Authorization: Bearer abc.def-ghi_123')).toBe('Authorization: Bearer [REDACTED]');
    expect(redactSecrets('Key 3f9a0c1d-22aa-4bcd-9e01-aa00bb11cc22:deadbeef')).toBe('Key [REDACTED]');
    expect(redactSecrets('sk-proj-AbCdEf0123456789xyz and r8_AbCdEf0123456789 and AIzaSyA1234567890abcdefghijklmnop')).toBe(
      'sk-[REDACTED] and r8_[REDACTED] and AIza[REDACTED]',
    );
    expect(redactSecrets('https://x.test/v?key=abc123&sig=zzz&x=1')).toBe('https://x.test/v?key=[REDACTED]&sig=[REDACTED]&x=1');
    for (const prose of ['Incorrect API Key provided', 'model xai-video-generation failed', 'Token expired, try again', 'grok-imagine-video-1.5']) {
      expect(redactSecrets(prose)).toBe(prose);
    }
  });
});

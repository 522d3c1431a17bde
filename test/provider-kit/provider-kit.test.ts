import { InvalidRequestError, ProviderError, RateLimitError, VideoConductorError } from '@ring/video-conductor';
import {
  errorFromHttpStatus,
  parseRetryAfter,
  providerMaxRetryAfterMs,
  redactSecrets,
  retryAfterOf,
  retryBillableRule,
  retryReadRule,
  withProviderRetry,
} from '@ring/video-conductor/provider-kit';
import { describe, expect, it } from 'vitest';

const now = Date.parse('2026-01-01T00:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['Headers, seconds', new Headers({ 'Retry-After': '3' }), 3000],
    ['Headers, ms wins', new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), 250],
    ['record, any case', { 'Retry-After': '1.5' }, 1500],
    ['record, HTTP date', { 'retry-after': 'Thu, 01 Jan 2026 00:00:02 GMT' }, 2000],
    ['date in the past', { 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }, 0],
    ['garbage', { 'retry-after': 'soon' }, undefined],
    ['absent', new Headers(), undefined],
    ['not headers', undefined, undefined],
  ])('%s', (_name, headers, expected) => {
    expect(parseRetryAfter(headers, now)).toBe(expected);
  });
});

describe('errorFromHttpStatus', () => {
  it.each([
    [400, 'InvalidRequestError', 'INVALID_REQUEST', false],
    [422, 'InvalidRequestError', 'INVALID_REQUEST', false],
    [401, 'ProviderError', 'AUTHENTICATION_FAILED', false],
    [403, 'ProviderError', 'PERMISSION_DENIED', false],
    [404, 'ProviderError', 'NOT_FOUND', false],
    [409, 'ProviderError', 'HTTP_ERROR', true],
    [418, 'ProviderError', 'HTTP_ERROR', false],
    [429, 'RateLimitError', 'RATE_LIMITED', true],
    [503, 'ProviderError', 'SERVER_ERROR', true],
  ])('%i → %s %s', (status, name, code, retryable) => {
    const error = errorFromHttpStatus(`GET /x failed with ${status}`, { provider: 'acme', status });
    expect(error).toMatchObject({ name, code, isRetryable: retryable });
  });

  it('keeps the job, the delay and the field', () => {
    expect(errorFromHttpStatus('m', { provider: 'acme', status: 404, requestId: 'j1', jobNotFound: true })).toMatchObject({ code: 'JOB_NOT_FOUND', requestId: 'j1' });
    expect(errorFromHttpStatus('m', { provider: 'acme', status: 503, retryAfterMs: 1200 })).toMatchObject({ retryAfterMs: 1200 });
    const invalid = errorFromHttpStatus('m', { provider: 'acme', status: 400, field: 'apiKey', invalidRequestCode: 'INVALID_API_KEY' });
    expect(InvalidRequestError.isInstance(invalid) && invalid.field).toBe('apiKey');
    expect(invalid.code).toBe('INVALID_API_KEY');
  });
});

describe('retry rules', () => {
  const refused = new ProviderError('refused', { provider: 'acme', code: 'NETWORK_ERROR', isRetryable: true, connectionRefused: true });
  const reset = new ProviderError('reset', { provider: 'acme', code: 'NETWORK_ERROR', isRetryable: true });
  const status = (code: number) => new ProviderError('m', { provider: 'acme', status: code });

  it('billable calls repeat only what provably started no job', () => {
    expect([429, 503].map((code) => retryBillableRule(status(code)))).toEqual([true, true]);
    expect([500, 502, 504].map((code) => retryBillableRule(status(code)))).toEqual([false, false, false]);
    expect(retryBillableRule(refused)).toBe(true);
    expect(retryBillableRule(reset)).toBe(false);
  });

  it('reads repeat anything retryable', () => {
    expect(retryReadRule(reset)).toBe(true);
    expect(retryReadRule(status(500))).toBe(true);
    expect(retryReadRule(new VideoConductorError('m'))).toBe(false);
    expect(retryReadRule(new Error('m'))).toBe(false);
  });

  it('withProviderRetry waits the requested delay, and hands back one over the limit', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    let calls = 0;
    const result = await withProviderRetry(
      async () => {
        calls += 1;
        if (calls === 1) throw new RateLimitError('slow', { provider: 'acme', retryAfterMs: 1500 });
        return 'ok';
      },
      { rule: retryBillableRule, maxRetries: 2, sleep },
    );
    expect([result, calls, waits]).toEqual(['ok', 2, [1500]]);

    const tooLong = new ProviderError('busy', { provider: 'acme', status: 503, retryAfterMs: providerMaxRetryAfterMs + 1 });
    await expect(withProviderRetry(async () => Promise.reject(tooLong), { rule: retryBillableRule, maxRetries: 2, sleep })).rejects.toBe(tooLong);
    expect(retryAfterOf(tooLong)).toBe(providerMaxRetryAfterMs + 1);
    expect(waits).toEqual([1500]);
  });
});

describe('redactSecrets', () => {
  it('removes the exact secrets first, then credential shapes', () => {
    expect(redactSecrets('bad key my-own-secret (Bearer abcdefgh1234)', ['my-own-secret', undefined, ''])).toBe('bad key [REDACTED] (Bearer [REDACTED])');
  });
});

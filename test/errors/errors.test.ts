import { describe, expect, it } from 'vitest';
import {
  BudgetExceededError,
  GenerationExpiredError,
  GenerationTimeoutError,
  InvalidRequestError,
  LedgerError,
  ModerationError,
  ProviderError,
  RateLimitError,
  StorageError,
  UnsupportedCapabilityError,
  VideoConductorError,
} from '@ring/video-conductor';

const samples = [
  [new InvalidRequestError('bad', { field: 'prompt' }), 'InvalidRequestError', 'INVALID_REQUEST', false],
  [new UnsupportedCapabilityError('no edit', { field: 'sourceVideoUrl', capability: 'edit' }), 'UnsupportedCapabilityError', 'UNSUPPORTED_CAPABILITY', false],
  [new ProviderError('x failed with 503', { provider: 'xai', status: 503 }), 'ProviderError', 'PROVIDER_ERROR', true],
  [new RateLimitError('slow down', { provider: 'xai', retryAfterMs: 2000 }), 'RateLimitError', 'RATE_LIMITED', true],
  [new ModerationError('blocked', { provider: 'xai' }), 'ModerationError', 'MODERATED', false],
  [new GenerationExpiredError('expired', { provider: 'xai', requestId: 'r', recordId: 'id' }), 'GenerationExpiredError', 'GENERATION_EXPIRED', false],
  [new GenerationTimeoutError('late', { recordId: 'id', requestId: 'r', timeoutMs: 1 }), 'GenerationTimeoutError', 'GENERATION_TIMEOUT', true],
  [new StorageError('disk full', { storage: 'fs' }), 'StorageError', 'STORAGE_ERROR', false],
  [new LedgerError('db down', { ledger: 'postgres', isRetryable: true }), 'LedgerError', 'LEDGER_ERROR', true],
  [new BudgetExceededError('too much', { budget: 'maxUsdPerJob', limitUsd: 1, requestedUsd: 2 }), 'BudgetExceededError', 'BUDGET_EXCEEDED', false],
] as const;

describe('errors', () => {
  it.each(samples)('%s has its name, code, retryability and is a VideoConductorError', (error, name, code, retryable) => {
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
    expect(error.isRetryable).toBe(retryable);
    expect(error).toBeInstanceOf(Error);
    expect(VideoConductorError.isInstance(error)).toBe(true);
    expect(String(error)).toBe(`${name}: ${error.message}`);
  });

  it('isInstance narrows to the class and its subclasses only', () => {
    const rate = samples[3][0];
    expect(ProviderError.isInstance(rate)).toBe(true);
    expect(RateLimitError.isInstance(rate)).toBe(true);
    expect(StorageError.isInstance(rate)).toBe(false);
    expect(InvalidRequestError.isInstance(samples[1][0])).toBe(true);
    expect(UnsupportedCapabilityError.isInstance(samples[0][0])).toBe(false);
    for (const value of [null, undefined, 'error', 42, new Error('plain'), {}]) expect(VideoConductorError.isInstance(value)).toBe(false);
  });

  it('isInstance works across copies of the package through the Symbol.for marker', () => {
    // A foreign copy builds its own classes but registers the same global symbols.
    const foreign = Object.create(Error.prototype, { [Symbol.for('ring.video-conductor.error.VideoConductorError')]: { value: true }, [Symbol.for('ring.video-conductor.error.LedgerError')]: { value: true } });
    expect(VideoConductorError.isInstance(foreign)).toBe(true);
    expect(LedgerError.isInstance(foreign)).toBe(true);
    expect(ProviderError.isInstance(foreign)).toBe(false);
  });

  it('derives retryability from the HTTP status', () => {
    const retryable = (status: number) => new ProviderError('x', { provider: 'p', status }).isRetryable;
    expect([400, 401, 403, 404, 422].map(retryable)).toEqual([false, false, false, false, false]);
    expect([408, 409, 429, 500, 502, 503, 504].map(retryable)).toEqual([true, true, true, true, true, true, true]);
    expect(new ProviderError('network', { provider: 'p' }).isRetryable).toBe(false);
    expect(new ProviderError('network', { provider: 'p', isRetryable: true }).isRetryable).toBe(true);
  });

  it('keeps the standard cause and serialises to plain JSON', () => {
    const cause = new TypeError('fetch failed');
    const error = new ProviderError('POST /v1/videos/generations failed', { provider: 'xai', code: 'NETWORK_ERROR', requestId: 'r-1', cause, isRetryable: true });
    expect(error.cause).toBe(cause);
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ProviderError',
      code: 'NETWORK_ERROR',
      message: 'POST /v1/videos/generations failed',
      isRetryable: true,
      provider: 'xai',
      requestId: 'r-1',
      cause: { name: 'TypeError', message: 'fetch failed' },
    });
    const invalid = new InvalidRequestError('Invalid video request: durationSec must be from 1 to 15', { field: 'durationSec' });
    expect(invalid.toJSON()).toMatchObject({ field: 'durationSec', issues: [{ field: 'durationSec' }] });
  });
});

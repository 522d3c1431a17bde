import { describe, expect, it } from 'vitest';
import {
  createVideoConductor,
  InvalidRequestError,
  LedgerError,
  ProviderError,
  type Ledger,
  type VideoConductorEvent,
} from '@ring/video-conductor';
import { createFakeTime, MemoryLedger, MemoryStorage, ScriptedVideoProvider, scriptedDone, scriptedPending } from '@ring/video-conductor/testing';
import { createHarness, rejectionOf } from './conductor-harness.js';

/** The memory ledger with its `update` replaced. */
function withUpdate(inner: MemoryLedger, update: Ledger['update']): Ledger {
  return {
    specificationVersion: 'v1',
    id: inner.id,
    insert: (record) => inner.insert(record),
    update,
    get: (id) => inner.get(id),
    findByIdempotencyKey: (key) => inner.findByIdempotencyKey(key),
    list: (query) => inner.list(query),
    claimStale: (input) => inner.claimStale(input),
  };
}

describe('a submit without an answer is SUBMIT_OUTCOME_UNKNOWN, never "failed, retryable"', () => {
  it.each([
    ['a timeout after sending', new ProviderError('POST /v1/videos/generations timed out', { provider: 'scripted', code: 'TIMEOUT', isRetryable: true })],
    ['a reset connection', new ProviderError('POST /v1/videos/generations failed: network error (ECONNRESET)', { provider: 'scripted', code: 'NETWORK_ERROR', isRetryable: true })],
    ['a 500', new ProviderError('POST /v1/videos/generations failed with 500', { provider: 'scripted', status: 500 })],
    ['a 502', new ProviderError('POST /v1/videos/generations failed with 502', { provider: 'scripted', status: 502 })],
    ['a raw error', new TypeError('fetch failed')],
  ])('%s', async (_label, submitError) => {
    const h = createHarness({ provider: { jobs: [{ submitError }] } });
    const error = await rejectionOf(h.conductor.generate({ prompt: 'x' }));
    expect(error).toMatchObject({ name: 'ProviderError', code: 'SUBMIT_OUTCOME_UNKNOWN', isRetryable: false });
    expect((error as ProviderError).cause).toBe(submitError);
    const [row] = (await h.ledger.list({})).records;
    expect(row).toMatchObject({ status: 'failed', requestId: null, error: { code: 'SUBMIT_OUTCOME_UNKNOWN', retryable: false, step: 'submit' } });
    expect(row!.error!.message).toContain('may have started and billed it');
  });

  it.each([
    ['a 422 validation refusal', new InvalidRequestError('POST /v1/videos/generations failed with 422: bad duration', { field: 'durationSec', provider: 'scripted' }), 'INVALID_REQUEST'],
    ['a 401', new ProviderError('POST /v1/videos/generations failed with 401', { provider: 'scripted', status: 401, code: 'AUTHENTICATION_FAILED' }), 'AUTHENTICATION_FAILED'],
    ['a 503', new ProviderError('POST /v1/videos/generations failed with 503', { provider: 'scripted', status: 503 }), 'PROVIDER_ERROR'],
  ])('%s provably started nothing: the original error, and the row says so', async (_label, submitError, code) => {
    const h = createHarness({ provider: { jobs: [{ submitError }] } });
    const error = await rejectionOf(h.conductor.generate({ prompt: 'x' }));
    expect(error).toBe(submitError);
    expect((await h.ledger.list({})).records[0]).toMatchObject({ status: 'failed', error: { code } });
  });
});

describe('the request id write', () => {
  it('when it cannot be recorded, the error and the event carry the request id', async () => {
    const inner = new MemoryLedger();
    let updates = 0;
    const ledger = withUpdate(inner, async (...args) => {
      if (args[1].status === 'submitted') {
        updates += 1;
        throw new LedgerError('update of generated_videos failed: connection reset', { ledger: 'memory', isRetryable: true });
      }
      return inner.update(...args);
    });
    const provider = new ScriptedVideoProvider();
    const events: VideoConductorEvent[] = [];
    const conductor = createVideoConductor({ provider, ledger, storage: new MemoryStorage(), fetch: provider.fetch, urlPolicy: provider.urlPolicy, sleep: async () => {} });
    const error = await rejectionOf(conductor.generate({ prompt: 'x' }, { onEvent: (event) => events.push(event) }));
    expect(error).toMatchObject({ name: 'LedgerError', code: 'REQUEST_ID_NOT_RECORDED', requestId: 'job-1', isRetryable: false });
    expect((error as Error).message).toContain('job-1');
    expect(updates).toBe(7); // the first try and 6 retries
    expect(events.at(-1)).toMatchObject({ type: 'failed', error: { requestId: 'job-1' } });
  });
});

describe('polling and downloads cannot hang or spin', () => {
  it('a provider hint of 0 ms does not make a hot loop', async () => {
    const h = createHarness({
      provider: { jobs: [{ steps: [{ state: 'pending', retryAfterMs: 0 }, { state: 'pending', retryAfterMs: 0 }, scriptedDone()] }] },
    });
    await h.conductor.generate({ prompt: 'x' });
    expect(h.time.sleeps.slice(1)).toEqual([1000, 1000]);
  });

  it('a download that stalls is broken off, retried, and ends as persist_failed with the temporary URL', async () => {
    const h = createHarness();
    let fetches = 0;
    const stallingFetch: typeof fetch = async (_input, init) => {
      fetches += 1;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          init?.signal?.addEventListener('abort', () => controller.error(init.signal!.reason));
        },
      });
      return new Response(body, { headers: { 'content-type': 'video/mp4' } });
    };
    const conductor = createVideoConductor({
      provider: h.provider,
      storage: h.storage,
      ledger: h.ledger,
      fetch: stallingFetch,
      urlPolicy: h.provider.urlPolicy,
      clock: h.time.clock,
      sleep: h.time.sleep,
      downloadStallTimeoutMs: 30,
    });
    const result = await conductor.generate({ prompt: 'x' });
    expect(result).toMatchObject({ success: false, status: 'persist_failed', video: null });
    expect(fetches).toBe(3);
    expect(await h.ledger.get(result.recordId)).toMatchObject({ status: 'persist_failed', error: { code: 'PERSIST_FAILED', retryable: true } });
    expect((await h.ledger.get(result.recordId))!.error!.message).toContain('broke off');
  });
});

describe('heartbeat', () => {
  it('touches the row while a job runs, so other workers see a live owner', async () => {
    const inner = new MemoryLedger();
    const beats: string[] = [];
    const ledger = withUpdate(inner, async (...args) => {
      if (Object.keys(args[1]).length === 0) beats.push(args[0]);
      return inner.update(...args);
    });
    const provider = new ScriptedVideoProvider();
    const slowSubmit = provider.submit.bind(provider);
    provider.submit = async (input, options) => {
      await new Promise((resolve) => setTimeout(resolve, 120));
      return slowSubmit(input, options);
    };
    const conductor = createVideoConductor({ provider, ledger, storage: new MemoryStorage(), fetch: provider.fetch, urlPolicy: provider.urlPolicy, heartbeatMs: 20, polling: { intervalMs: 1 } });
    const result = await conductor.generate({ prompt: 'x' });
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(new Set(beats)).toEqual(new Set([result.recordId]));
    const after = beats.length;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(beats.length).toBe(after); // stops with the job
  });
});

describe('heartbeat on the injected clock', () => {
  it('beats as fake time passes, every heartbeatMs of it, and stops with the job', async () => {
    const time = createFakeTime();
    const inner = new MemoryLedger({ clock: time.clock });
    const beats: number[] = [];
    const ledger = withUpdate(inner, async (...args) => {
      if (Object.keys(args[1]).length === 0) beats.push(time.now());
      return inner.update(...args);
    });
    // Ten minutes of pending polls 5 s apart: no real time passes, only fake time.
    const provider = new ScriptedVideoProvider({ jobs: [{ steps: [...Array.from({ length: 120 }, () => scriptedPending()), scriptedDone()] }] });
    const conductor = createVideoConductor({
      provider, ledger, storage: new MemoryStorage(), fetch: provider.fetch, urlPolicy: provider.urlPolicy,
      clock: time.clock, sleep: time.sleep, random: () => 0.5, heartbeatMs: 30_000, polling: { intervalMs: 5000, timeoutMs: 3_600_000 },
    });
    const startedAt = time.now();
    const result = await conductor.generate({ prompt: 'x' });
    expect(result.success).toBe(true);
    const elapsed = time.now() - startedAt;
    expect(elapsed).toBeGreaterThanOrEqual(600_000);
    expect(beats.length).toBe(Math.floor(elapsed / 30_000));
    expect(beats.every((at, index) => at - startedAt === (index + 1) * 30_000)).toBe(true);
    time.advance(120_000);
    expect(beats.length).toBe(Math.floor(elapsed / 30_000)); // stops with the job
  });
});

describe('a refused connection provably started nothing', () => {
  it('keeps the original error and the row says failed with its code, not SUBMIT_OUTCOME_UNKNOWN', async () => {
    const refused = new ProviderError('POST /v1/videos/generations failed: network error (ECONNREFUSED)', {
      provider: 'scripted',
      code: 'NETWORK_ERROR',
      isRetryable: true,
      connectionRefused: true,
    });
    const h = createHarness({ provider: { jobs: [{ submitError: refused }] } });
    expect(await rejectionOf(h.conductor.generate({ prompt: 'x' }))).toBe(refused);
    expect((await h.ledger.list({})).records[0]).toMatchObject({ status: 'failed', error: { code: 'NETWORK_ERROR', retryable: true } });
  });
});

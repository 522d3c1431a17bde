import { describe, expect, it } from 'vitest';
import { BudgetExceededError, createVideoConductor, StorageError, type Storage } from '@ring/video-conductor';
import { sampleVideoRecord } from '@ring/video-conductor/contract';
import { MemoryStorage, ScriptedVideoProvider, scriptedDone, scriptedPending } from '@ring/video-conductor/testing';
import { createHarness, rejectionOf } from './conductor-harness.js';

describe('recover: takes over abandoned jobs without paying twice', () => {
  it('polls submitted rows, re-downloads persisting ones, closes pending ones as SUBMIT_OUTCOME_UNKNOWN', async () => {
    const h = createHarness();
    // A job another process submitted and then lost.
    const submitted = await h.conductor.submit({ prompt: 'left behind' });
    // A job whose video was made but the process died while storing it.
    const persisting = await h.conductor.submit({ prompt: 'made, not stored' });
    await h.provider.getStatus(persisting.requestId); // pending
    const done = await h.provider.getStatus(persisting.requestId); // done: the URL is now served
    if (done.state !== 'done') throw new Error('expected done');
    await h.ledger.update(persisting.recordId, { status: 'persisting', temporaryUrl: done.video.url });
    // A row that never got a request id.
    const orphan = await h.ledger.insert({ ...sampleVideoRecord(), provider: 'scripted', status: 'pending', requestId: null, idempotencyKey: null });
    h.time.advance(5 * 60_000);

    const report = await h.conductor.recover({ owner: 'worker-a', staleAfterMs: 60_000 });
    expect(report.claimed).toBe(3);
    const byId = Object.fromEntries(report.outcomes.map((outcome) => [outcome.recordId, outcome]));
    expect(byId[submitted.recordId]).toEqual({ recordId: submitted.recordId, status: 'succeeded' });
    expect(byId[persisting.recordId]).toEqual({ recordId: persisting.recordId, status: 'succeeded' });
    expect(byId[orphan.id]).toMatchObject({ status: 'failed', error: { code: 'SUBMIT_OUTCOME_UNKNOWN' } });
    expect(h.provider.submitCount).toBe(2);
    expect(h.storage.keys().sort()).toEqual([`videos/${persisting.recordId}.mp4`, `videos/${submitted.recordId}.mp4`].sort());
    // Nothing is left to claim.
    h.time.advance(5 * 60_000);
    expect((await h.conductor.recover({ staleAfterMs: 60_000 })).claimed).toBe(0);
  });

  it('marks a persisting row whose temporary URL is gone as failed TEMPORARY_URL_EXPIRED, keeping the request id', async () => {
    const h = createHarness();
    const submitted = await h.conductor.submit({ prompt: 'expired link' });
    await h.ledger.update(submitted.recordId, { status: 'persisting', temporaryUrl: 'https://scripted.video.test/gone.mp4' });
    h.time.advance(10 * 60_000);
    const report = await h.conductor.recover({ staleAfterMs: 60_000 });
    expect(report.outcomes).toEqual([
      { recordId: submitted.recordId, status: 'failed', error: { code: 'TEMPORARY_URL_EXPIRED', message: expect.stringContaining('expired') } },
    ]);
    expect(await h.ledger.get(submitted.recordId)).toMatchObject({ status: 'failed', requestId: 'job-1', error: { code: 'TEMPORARY_URL_EXPIRED', step: 'persist' } });
  });

  it('leaves fresh rows alone and two workers never take the same row', async () => {
    const h = createHarness();
    const jobs = await Promise.all(Array.from({ length: 6 }, (_, index) => h.conductor.submit({ prompt: `job ${index}` })));
    expect((await h.conductor.recover({ staleAfterMs: 60_000 })).claimed).toBe(0);
    h.time.advance(2 * 60_000);
    const other = createVideoConductor({ provider: h.provider, storage: h.storage, ledger: h.ledger, fetch: h.provider.fetch, urlPolicy: h.provider.urlPolicy, clock: h.time.clock, sleep: h.time.sleep });
    const [a, b] = await Promise.all([
      h.conductor.recover({ owner: 'a', staleAfterMs: 60_000, limit: 4 }),
      other.recover({ owner: 'b', staleAfterMs: 60_000, limit: 4 }),
    ]);
    const taken = [...a.outcomes, ...b.outcomes].map((outcome) => outcome.recordId);
    expect(new Set(taken).size).toBe(taken.length);
    expect(taken.sort()).toEqual(jobs.map((job) => job.recordId).sort());
    expect(h.provider.submitCount).toBe(6);
  });
});

describe('persist(recordId)', () => {
  it('stores a video whose upload failed, once storage is back', async () => {
    const h = createHarness();
    let down = true;
    const flaky: Storage = {
      specificationVersion: 'v1',
      id: 'flaky',
      put: async (key, body, meta, options) => {
        if (down) {
          if (body instanceof ReadableStream) await body.cancel();
          throw new StorageError('PUT failed with 503', { storage: 'flaky', key, isRetryable: true });
        }
        return h.storage.put(key, body, meta, options);
      },
      url: (key) => h.storage.url(key),
      head: (key) => h.storage.head(key),
      delete: (key) => h.storage.delete(key),
    };
    const conductor = createVideoConductor({ provider: h.provider, storage: flaky, ledger: h.ledger, fetch: h.provider.fetch, urlPolicy: h.provider.urlPolicy, clock: h.time.clock, sleep: h.time.sleep });
    const first = await conductor.generate({ prompt: 'x' });
    expect(first).toMatchObject({ success: false, status: 'persist_failed', video: null, temporaryUrl: 'https://scripted.video.test/job-1.mp4' });
    expect(h.provider.downloads).toHaveLength(3); // the first try and persistRetries (2)
    down = false;
    const stored = await conductor.persist(first.recordId);
    expect(stored).toMatchObject({ status: 'succeeded', video: { persisted: true } });
    expect(await conductor.persist(first.recordId)).toEqual(stored);
    expect(h.provider.submitCount).toBe(1);
  });

  it('refuses rows that are not waiting to be stored', async () => {
    const h = createHarness();
    const submitted = await h.conductor.submit({ prompt: 'x' });
    expect(await rejectionOf(h.conductor.persist(submitted.recordId))).toMatchObject({ code: 'INVALID_STATE' });
  });
});

describe('budgets: checked before any spend', () => {
  it('refuses a job above maxUsdPerJob with no ledger row and no provider call', async () => {
    const h = createHarness({ conductor: { budget: { maxUsdPerJob: 0.5 } } });
    const error = await rejectionOf(h.conductor.generate({ prompt: 'x', qualityMode: 'production', durationSec: 12 }));
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ budget: 'maxUsdPerJob', limitUsd: 0.5, requestedUsd: 0.84 }); // 12 s × 0.07 at 720p
    expect(h.provider.calls).toEqual([]);
    expect((await h.ledger.list({})).records).toEqual([]);
    expect(await h.conductor.generate({ prompt: 'x', durationSec: 10 })).toMatchObject({ success: true });
  });

  it('counts the day’s spend from the ledger for maxUsdPerDay, concurrent calls included', async () => {
    const h = createHarness({ conductor: { budget: { maxUsdPerDay: 1 } } });
    // 8 s draft = 0.4 USD each: two fit, the third does not — even when all three start at once.
    const settled = await Promise.allSettled([1, 2, 3].map(() => h.conductor.generate({ prompt: 'x' })));
    expect(settled.map((entry) => entry.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((settled[2] as PromiseRejectedResult).reason).toMatchObject({ code: 'BUDGET_EXCEEDED', budget: 'maxUsdPerDay', requestedUsd: 1.2 });
    expect(h.provider.submitCount).toBe(2);
    // The next UTC day starts from zero.
    h.time.advance(24 * 3600_000);
    expect(await h.conductor.generate({ prompt: 'x' })).toMatchObject({ success: true });
  });

  it('limits one actor without limiting another (maxUsdPerActor)', async () => {
    const h = createHarness({ conductor: { budget: { maxUsdPerActor: 0.5 } } });
    await h.conductor.generate({ prompt: 'x', audit: { actorId: 'alice' } });
    expect(await rejectionOf(h.conductor.generate({ prompt: 'x', audit: { actorId: 'alice' } }))).toMatchObject({ budget: 'maxUsdPerActor' });
    expect(await h.conductor.generate({ prompt: 'x', audit: { actorId: 'bob' } })).toMatchObject({ success: true });
    expect(h.provider.submitCount).toBe(2);
  });
});

describe('maxConcurrentJobs', () => {
  it('runs at most N jobs at the provider; the others wait, in order', async () => {
    const h = createHarness({
      provider: { jobs: () => ({ steps: [scriptedPending(10), scriptedPending(50), scriptedDone()] }) },
      conductor: { maxConcurrentJobs: 2 },
    });
    let running = 0;
    let peak = 0;
    const order: string[] = [];
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e'].map((name) =>
        h.conductor.generate(
          { prompt: name },
          {
            onEvent: (event) => {
              if (event.type === 'submitted') {
                running += 1;
                peak = Math.max(peak, running);
                order.push(name);
              }
              if (event.type === 'completed') running -= 1;
            },
          },
        ),
      ),
    );
    expect(results.every((result) => result.success)).toBe(true);
    expect(peak).toBe(2);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('a waiting call that is aborted leaves the queue without a row being submitted', async () => {
    const h = createHarness({ provider: { jobs: () => ({ steps: [scriptedPending(1), scriptedPending(2), scriptedDone()] }) }, conductor: { maxConcurrentJobs: 1 } });
    const controller = new AbortController();
    const first = h.conductor.generate({ prompt: 'first' });
    const second = h.conductor.generate({ prompt: 'second' }, { signal: controller.signal });
    controller.abort(new Error('not needed any more'));
    await expect(second).rejects.toThrow('not needed any more');
    await first;
    expect(h.provider.submitCount).toBe(1);
  });
});

describe('abort policy', () => {
  it("onAbort: 'cancel' cancels the provider job and ends the row as cancelled", async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [scriptedPending(10), scriptedPending(20), scriptedDone()] }] } });
    const controller = new AbortController();
    const error = await rejectionOf(
      h.conductor.generate({ prompt: 'x' }, { signal: controller.signal, onAbort: 'cancel', onEvent: (event) => event.type === 'progress' && controller.abort() }),
    );
    expect((error as Error).name).toBe('AbortError');
    expect(h.provider.calls.filter((call) => call.method === 'cancel')).toEqual([{ method: 'cancel', requestId: 'job-1' }]);
    expect((await h.ledger.list({})).records[0]).toMatchObject({ status: 'cancelled', requestId: 'job-1', error: { code: 'CANCELLED' } });
  });

  it("onAbort: 'detach' (the default) leaves the job running and the row resumable", async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [scriptedPending(10), scriptedDone()] }] } });
    const controller = new AbortController();
    await rejectionOf(h.conductor.generate({ prompt: 'x' }, { signal: controller.signal, onEvent: (event) => event.type === 'progress' && controller.abort() }));
    expect(h.provider.calls.some((call) => call.method === 'cancel')).toBe(false);
    const [row] = (await h.ledger.list({})).records;
    expect(row).toMatchObject({ status: 'generating' });
    expect(await h.conductor.resume(row!.id)).toMatchObject({ success: true });
  });

  it('without the cancel capability, cancel only ends the row (the provider job is left to expire)', async () => {
    const provider = new ScriptedVideoProvider({ capabilities: { cancel: false } });
    const h = createHarness();
    const conductor = createVideoConductor({ provider, storage: new MemoryStorage(), ledger: h.ledger, fetch: provider.fetch, urlPolicy: provider.urlPolicy, clock: h.time.clock, sleep: h.time.sleep });
    const submitted = await conductor.submit({ prompt: 'x' });
    expect(await conductor.cancel(submitted.recordId)).toMatchObject({ status: 'cancelled', requestId: 'job-1' });
    expect(provider.calls.map((call) => call.method)).toEqual(['submit']);
  });
});

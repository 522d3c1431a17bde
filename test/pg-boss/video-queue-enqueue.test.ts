import { newPglite } from '../support/pglite-template.js';
import { BudgetExceededError, createVideoConductor, type Ledger } from '@ring/video-conductor';
import { createVideoQueue, singletonKeyOf, type VideoJobData } from '@ring/video-conductor/pg-boss';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import { createLocalVideoProvider } from '@ring/video-conductor/local';
import { MemoryLedger, MemoryStorage } from '@ring/video-conductor/testing';
import { fromPglite, PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * `enqueue` writes the ledger row (`queued`) and the pg-boss job together: with the Postgres
 * ledger in one transaction on one connection (never a row without a job, nor a job without
 * a row); with any other ledger the row first, and the sweep gives a row left without a job
 * its job.
 */
describe('VideoQueue.enqueue: the row and its job', () => {
  const pglite = newPglite();
  const provider = createLocalVideoProvider({ polls: 1, pollIntervalMs: 20 });
  const boss = new PgBoss({ db: fromPglite(pglite), backend: 'pglite', superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 });
  const postgresLedger = createPostgresLedger({ db: pglite });

  function queueOver(ledger: Ledger, name: string, budget?: { maxUsdPerDay: number }) {
    const conductor = createVideoConductor({
      provider,
      ledger,
      storage: new MemoryStorage(),
      fetch: provider.fetch,
      urlPolicy: provider.urlPolicy,
      polling: { intervalMs: 20 },
      ...(budget === undefined ? {} : { budget }),
    });
    return createVideoQueue({ boss, conductor, ledger, name, pollIntervalMs: 50, sweepCron: null, sweepStaleAfterMs: 1 });
  }

  const jobsOf = (queueName: string, key: string) => boss.findJobs<VideoJobData>(queueName, { key: singletonKeyOf(key) });

  beforeAll(async () => {
    await migrate(pglite);
    await boss.start();
  }, 60_000);

  afterAll(async () => {
    await boss.stop({ graceful: true, timeout: 5_000 });
    await provider.close();
    await pglite.close();
  });

  it('returns the queued row and its job at once; the job carries the row id', async () => {
    const queue = queueOver(postgresLedger, 'enqueue-atomic');
    const enqueued = await queue.enqueue({ prompt: 'A lighthouse at night', durationSec: 3, idempotencyKey: 'atomic-1' });
    expect(enqueued).toMatchObject({ created: true, status: 'queued', recordId: expect.any(String), jobId: expect.any(String) });
    const row = await postgresLedger.get(enqueued.recordId!);
    expect(row).toMatchObject({ status: 'queued', idempotencyKey: 'atomic-1', estimatedCostUsd: enqueued.plan.estimatedCostUsd, requestId: null });
    const jobs = await jobsOf('enqueue-atomic', 'atomic-1');
    expect(jobs.map((job) => ({ id: job.id, recordId: job.data.recordId, submit: job.data.submit }))).toEqual([
      { id: enqueued.jobId, recordId: enqueued.recordId, submit: true },
    ]);
    expect(provider.submitCount).toBe(0);
  });

  it('rolls the row back when the job cannot be sent: neither exists afterwards', async () => {
    const queue = queueOver(postgresLedger, 'enqueue-rollback');
    await expect(queue.enqueue({ prompt: 'x', idempotencyKey: 'rollback-1' }, { priority: 'urgent' as unknown as number })).rejects.toThrow();
    expect(await postgresLedger.findByIdempotencyKey('rollback-1')).toBeNull();
    expect(await jobsOf('enqueue-rollback', 'rollback-1')).toEqual([]);
    // The same key enqueues normally afterwards.
    expect(await queue.enqueue({ prompt: 'x', idempotencyKey: 'rollback-1' })).toMatchObject({ created: true, status: 'queued' });
  });

  it('writes no row when a live job of the key already exists, and reports that job', async () => {
    const queue = queueOver(postgresLedger, 'enqueue-live');
    await queue.start();
    const foreign = await boss.send('enqueue-live', { v: 1, request: { prompt: 'x', idempotencyKey: 'live-1' } }, { singletonKey: singletonKeyOf('live-1') });
    const enqueued = await queue.enqueue({ prompt: 'x', idempotencyKey: 'live-1' });
    expect(enqueued).toMatchObject({ created: false, jobId: foreign, recordId: null });
    expect(await postgresLedger.findByIdempotencyKey('live-1')).toBeNull();
  });

  it('checks the budget inside the transaction: an over-budget enqueue writes neither row nor job', async () => {
    const queue = queueOver(postgresLedger, 'enqueue-budget', { maxUsdPerDay: 0.5 + (await spentToday()) });
    await queue.enqueue({ prompt: 'fits', durationSec: 8, idempotencyKey: 'budget-1' }); // 0.40 USD
    const error = await queue.enqueue({ prompt: 'does not fit', durationSec: 8, idempotencyKey: 'budget-2' }).catch((caught: unknown) => caught);
    expect(BudgetExceededError.isInstance(error)).toBe(true);
    expect(await postgresLedger.findByIdempotencyKey('budget-2')).toBeNull();
    expect(await jobsOf('enqueue-budget', 'budget-2')).toEqual([]);
  });

  it('with a ledger without transactions: the row is written first, and the sweep sends a job for one left without', async () => {
    const ledger = new MemoryLedger();
    const queue = queueOver(ledger, 'enqueue-memory');
    await expect(queue.enqueue({ prompt: 'x', idempotencyKey: 'memory-1' }, { priority: 'urgent' as unknown as number })).rejects.toThrow();
    const left = await ledger.findByIdempotencyKey('memory-1');
    expect(left).toMatchObject({ status: 'queued' });
    expect(await jobsOf('enqueue-memory', 'memory-1')).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const report = await queue.sweep();
    expect(report.resent).toEqual([{ recordId: left!.id, jobId: expect.any(String) }]);
    const worker = await queue.work({ concurrency: 1, pollingIntervalSeconds: 0.5, maintenance: false });
    const deadline = Date.now() + 20_000;
    while ((await ledger.get(left!.id))?.status !== 'succeeded') {
      if (Date.now() > deadline) throw new Error(`the swept row did not finish: ${(await ledger.get(left!.id))?.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await worker.stop();
    // No other queue of this file has a worker: this is the only submit.
    expect(provider.submitCount).toBe(1);
  }, 30_000);

  it('re-schedules a poll after the provider\'s wait hint, not the queue interval, when the provider gives one', async () => {
    const hinting = createLocalVideoProvider({ polls: 2, pollIntervalMs: 20 });
    const provider: typeof hinting = Object.assign(Object.create(hinting) as typeof hinting, {
      async getStatus(...args: Parameters<typeof hinting.getStatus>) {
        const status = await hinting.getStatus(...args);
        return status.state === 'pending' ? { ...status, retryAfterMs: 300 } : status;
      },
    });
    const conductor = createVideoConductor({ provider, ledger: postgresLedger, storage: new MemoryStorage(), fetch: hinting.fetch, urlPolicy: hinting.urlPolicy });
    const queue = createVideoQueue({ boss, conductor, ledger: postgresLedger, name: 'enqueue-hint', pollIntervalMs: 3_000, sweepCron: null });
    const { recordId } = await queue.enqueue({ prompt: 'hinted', durationSec: 2, idempotencyKey: 'hint-1' });
    const reschedules: { at: number; nextPollAt: number }[] = [];
    const worker = await queue.work({
      concurrency: 1,
      pollingIntervalSeconds: 0.5,
      maintenance: false,
      onJob: ({ output }) => output.nextPollAt !== undefined && output.status === 'timed_out' && reschedules.push({ at: Date.now(), nextPollAt: Date.parse(output.nextPollAt) }),
    });
    const deadline = Date.now() + 20_000;
    while ((await postgresLedger.get(recordId!))?.status !== 'succeeded') {
      if (Date.now() > deadline) throw new Error('the hinted job did not finish');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await worker.stop();
    await hinting.close();
    expect(reschedules.length).toBeGreaterThan(0);
    // 300 ms from the provider's hint, not the queue's own 3 s interval.
    for (const { at, nextPollAt } of reschedules) expect(nextPollAt - at).toBeLessThan(1_500);
  }, 30_000);

  async function spentToday(): Promise<number> {
    const rows = (await postgresLedger.list({ limit: 1000 })).records;
    return rows.reduce((sum, row) => sum + row.estimatedCostUsd, 0);
  }
});

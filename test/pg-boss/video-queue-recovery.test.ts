import { newPglite } from '../support/pglite-template.js';
import { createVideoConductor, type CallOptions, type ProviderVideoStatus } from '@ring/video-conductor';
import { createVideoQueue, type VideoJobOutput } from '@ring/video-conductor/pg-boss';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import { createLocalVideoProvider } from '@ring/video-conductor/local';
import { MemoryStorage } from '@ring/video-conductor/testing';
import { fromPglite, PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The queue's safety nets on PGlite: the recovery sweep re-sends a job for a row whose job
 * was lost; a job that fails on every attempt goes to the dead-letter queue and its row says
 * why; `stop()` lets the jobs in hand finish and loses none.
 */
describe('video queue: sweep, dead letter, graceful stop', () => {
  const pglite = newPglite();
  const local = createLocalVideoProvider({ polls: 1, pollIntervalMs: 20 });
  /** Status calls of prompts with `[hang]` never answer until the delivery is aborted (its worker "died"). */
  const provider: typeof local = Object.assign(Object.create(local) as typeof local, {
    async getStatus(requestId: string, options: CallOptions = {}): Promise<ProviderVideoStatus> {
      if (hanging.has(requestId)) {
        await new Promise((_, reject) => options.signal?.addEventListener('abort', () => reject(options.signal!.reason), { once: true }));
      }
      if (slowMs > 0) await new Promise((resolve) => setTimeout(resolve, slowMs));
      return local.getStatus(requestId, options);
    },
    async submit(...args: Parameters<typeof local.submit>) {
      const submitted = await local.submit(...args);
      if (args[0].prompt.includes('[hang]')) hanging.add(submitted.requestId);
      return submitted;
    },
  });
  const hanging = new Set<string>();
  let slowMs = 0;
  const ledger = createPostgresLedger({ db: pglite });
  const conductor = createVideoConductor({ provider, ledger, storage: new MemoryStorage(), fetch: local.fetch, urlPolicy: local.urlPolicy, polling: { intervalMs: 20 } });
  const boss = new PgBoss({ db: fromPglite(pglite), backend: 'pglite', superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 });
  const queue = createVideoQueue({
    boss,
    conductor,
    ledger,
    name: 'videos',
    pollIntervalMs: 50,
    retryLimit: 1,
    retryDelaySeconds: 0,
    expireInSeconds: 1,
    sweepCron: '*/5 * * * *',
    sweepStaleAfterMs: 1,
  });

  beforeAll(async () => {
    await migrate(pglite);
    await boss.start();
  }, 60_000);

  afterAll(async () => {
    await boss.stop({ graceful: false, timeout: 2_000 });
    await local.close();
    await pglite.close();
  });

  const rowOf = async (key: string) => {
    const row = await ledger.findByIdempotencyKey(key);
    if (row === null) throw new Error(`no row for ${key}`);
    return row;
  };
  const statusOf = async (key: string) => (await ledger.findByIdempotencyKey(key))?.status;

  async function workUntil(done: (outputs: VideoJobOutput[]) => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<VideoJobOutput[]> {
    const outputs: VideoJobOutput[] = [];
    const worker = await queue.work({ concurrency: 2, pollingIntervalSeconds: 0.5, onJob: ({ output }) => outputs.push(output) });
    try {
      const deadline = Date.now() + timeoutMs;
      while (!(await done(outputs))) {
        if (Date.now() > deadline) throw new Error(`timed out; outputs: ${JSON.stringify(outputs)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return outputs;
    } finally {
      await worker.stop();
    }
  }

  it('schedules the sweep with pg-boss cron', async () => {
    await queue.start();
    const schedules = await boss.getSchedules(queue.sweepName);
    expect(schedules.map((schedule) => schedule.cron)).toEqual(['*/5 * * * *']);
  });

  it('the sweep re-sends a job for a row whose job was lost; the row then succeeds without a second submit', async () => {
    await queue.enqueue({ prompt: 'lost job', durationSec: 2, idempotencyKey: 'lost-1' });
    // Run until the row is submitted and its next poll is queued, then lose that job.
    await workUntil((outputs) => outputs.some((output) => output.status === 'submitted'));
    expect(await boss.deleteQueuedJobs(queue.name)).toBe(1);
    const submitsBefore = local.submitCount;
    const row = await rowOf('lost-1');
    // Paid for and still running: `submitted`, or one poll further on a loaded machine.
    expect(['submitted', 'generating', 'timed_out']).toContain(row.status);
    expect(row.requestId).not.toBeNull();

    const report = await queue.sweep();
    expect(report.resent).toEqual([{ recordId: row.id, jobId: expect.any(String) }]);
    // A second sweep finds the live job and sends nothing.
    expect((await queue.sweep()).resent).toEqual([]);

    await workUntil(async () => (await statusOf('lost-1')) === 'succeeded');
    expect(local.submitCount).toBe(submitsBefore);
  }, 40_000);

  it('a job that fails on every attempt goes to the dead-letter queue and its row says why', async () => {
    await queue.enqueue({ prompt: 'never answers [hang]', durationSec: 2, idempotencyKey: 'dead-1' });
    await workUntil(async () => (await statusOf('dead-1')) === 'failed', 30_000);
    const row = await rowOf('dead-1');
    expect(row.error).toMatchObject({ code: 'QUEUE_RETRIES_EXHAUSTED', retryable: false, step: 'poll' });
    expect(row.error?.message).toContain('videos.dead');
    expect(row.requestId).not.toBeNull();
    const dead = await boss.findJobs<{ recordId?: string }>(queue.deadLetterName);
    expect(dead.map((job) => job.data.recordId)).toContain(row.id);
  }, 40_000);

  it('stop() lets the jobs in hand finish; a later worker finishes the rest, none lost, one submit each', async () => {
    slowMs = 200;
    const keys = Array.from({ length: 4 }, (_, index) => `graceful-${index}`);
    for (const key of keys) await queue.enqueue({ prompt: key, durationSec: 2, idempotencyKey: key });
    const submitsBefore = local.submitCount;
    // Stop as soon as the first poll delivery is under way.
    await workUntil((outputs) => outputs.some((output) => output.status === 'submitted'));
    const afterStop = await Promise.all(keys.map(async (key) => (await ledger.findByIdempotencyKey(key))?.status ?? 'queued'));
    expect(afterStop.every((status) => status !== 'generating' && status !== 'persisting')).toBe(true);
    slowMs = 0;
    await workUntil(async () => (await Promise.all(keys.map(async (key) => (await ledger.findByIdempotencyKey(key))?.status))).every((status) => status === 'succeeded'));
    expect(local.submitCount - submitsBefore).toBe(keys.length);
  }, 40_000);
});

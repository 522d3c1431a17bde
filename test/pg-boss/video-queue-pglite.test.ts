import { newPglite } from '../support/pglite-template.js';
import { createVideoConductor, InvalidRequestError } from '@ring/video-conductor';
import { createVideoQueue, type VideoJobOutput } from '@ring/video-conductor/pg-boss';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import { createLocalVideoProvider } from '@ring/video-conductor/local';
import { MemoryStorage } from '@ring/video-conductor/testing';
import { fromPglite, PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The embedded default: ledger and pg-boss on one PGlite in one process. Jobs are enqueued,
 * worked (submit once, then polls re-scheduled with `startAfter`), and every row ends
 * `succeeded` with exactly one provider submit per clip.
 */
describe('createVideoQueue on PGlite (one process)', () => {
  const pglite = newPglite();
  const provider = createLocalVideoProvider({ polls: 2, pollIntervalMs: 20 });
  const ledger = createPostgresLedger({ db: pglite });
  const conductor = createVideoConductor({
    provider,
    ledger,
    storage: new MemoryStorage(),
    fetch: provider.fetch,
    urlPolicy: provider.urlPolicy,
    polling: { intervalMs: 20 },
  });
  const boss = new PgBoss({ db: fromPglite(pglite), backend: 'pglite', superviseIntervalSeconds: 1, monitorIntervalSeconds: 1 });
  const queue = createVideoQueue({ boss, conductor, ledger, pollIntervalMs: 50, sweepCron: null });

  beforeAll(async () => {
    await migrate(pglite);
    await boss.start();
  }, 60_000);

  afterAll(async () => {
    await boss.stop({ graceful: true, timeout: 5_000 });
    await provider.close();
    await pglite.close();
  });

  it('runs every enqueued clip to succeeded with one submit each; a second enqueue is a no-op', async () => {
    const clips = Array.from({ length: 6 }, (_, index) => ({ prompt: `clip ${index}`, durationSec: 2, idempotencyKey: `pglite-clip-${index}` }));
    const enqueued = await Promise.all(clips.map((clip) => queue.enqueue(clip)));
    expect(enqueued.every((entry) => entry.created && entry.jobId !== null && entry.recordId !== null && entry.status === 'queued')).toBe(true);
    expect(enqueued[0]!.plan.estimatedCostUsd).toBeGreaterThan(0);
    // The rows exist at once, queued, with their estimates; nothing was paid yet.
    const queuedRows = await Promise.all(enqueued.map((entry) => ledger.get(entry.recordId!)));
    expect(queuedRows.map((row) => row?.status)).toEqual(clips.map(() => 'queued'));
    expect(queuedRows[0]!.estimatedCostUsd).toBe(enqueued[0]!.plan.estimatedCostUsd);
    expect(provider.submitCount).toBe(0);

    // Still waiting: enqueueing again changes nothing and returns the same job.
    const again = await queue.enqueue(clips[0]!);
    expect(again).toMatchObject({ created: false, jobId: enqueued[0]!.jobId });

    const outputs: VideoJobOutput[] = [];
    const done = new Promise<void>((resolve) => {
      const finished = new Set<string>();
      void queue
        .work({
          concurrency: 3,
          pollingIntervalSeconds: 0.5,
          onJob: ({ output }) => {
            outputs.push(output);
            if (output.status === 'succeeded' && output.recordId !== null) finished.add(output.recordId);
            if (finished.size === clips.length) resolve();
          },
        })
        .then((worker) => done.then(() => worker.stop()));
    });
    await done;

    const rows = (await ledger.list({ limit: 100 })).records;
    expect(rows).toHaveLength(clips.length);
    expect(rows.map((row) => row.status)).toEqual(clips.map(() => 'succeeded'));
    expect(provider.submitCount).toBe(clips.length);
    // Polls were re-scheduled rather than held: some deliveries ended `timed_out` with a next job.
    expect(outputs.some((output) => output.status === 'timed_out' && typeof output.nextJobId === 'string')).toBe(true);

    // Enqueueing a finished clip returns its row and queues nothing.
    const finished = await queue.enqueue(clips[1]!);
    expect(finished).toMatchObject({ created: false, jobId: null, status: 'succeeded' });
    expect(finished.recordId).toBe(rows.find((row) => row.idempotencyKey === 'pglite-clip-1')!.id);
    expect(provider.submitCount).toBe(clips.length);

    // Counts come from pg-boss's monitor pass; the oldest waiting job is read live.
    expect((await queue.counts()).oldestWaiting).toBeNull();
  }, 60_000);

  it('refuses an invalid request before anything is queued, naming the field', async () => {
    // Read live (pg-boss's per-state counts are cached monitor numbers).
    const jobs = async () => (await boss.findJobs(queue.name)).length;
    const rows = async () => (await ledger.list({ limit: 1000 })).records.length;
    const before = { jobs: await jobs(), rows: await rows() };
    const error = await queue.enqueue({ prompt: 'x', durationSec: 99 }).catch((caught: unknown) => caught);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('durationSec');
    expect({ jobs: await jobs(), rows: await rows() }).toEqual(before);
  });
});

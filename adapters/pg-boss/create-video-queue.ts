import { randomUUID } from 'node:crypto';
import {
  GenerationTimeoutError,
  InvalidRequestError,
  VideoConductorError,
  type GenerateVideoRequest,
  type Ledger,
  type VideoRecord,
  type VideoStatus,
} from '@ring/video-conductor';
import type { Db as IDatabase, Job, JobWithMetadata } from 'pg-boss';
import type { VideoJobData, VideoJobOutput } from './video-job-data.js';
import { createEnqueue } from './enqueue-video.js';
import { ended, liveJobStates, polling, positive, singletonKeyOf, sweptStatuses, terminalStatuses, whole } from './queue-helpers.js';
import type { VideoQueueOptions } from './video-queue-options.js';
import type {
  EnqueueVideoOptions,
  EnqueuedVideo,
  VideoQueue,
  VideoQueueCounts,
  VideoQueueSweepReport,
  VideoQueueWorker,
  WorkVideoQueueOptions,
} from './video-queue.js';

/**
 * Video jobs as a durable pg-boss queue: any number of worker processes on any number of
 * machines share it; a job whose worker died expires and is delivered again, and the next
 * worker continues from the ledger without a second submit.
 *
 * @example
 * ```ts
 * import { PgBoss } from 'pg-boss';
 * import { createVideoQueue } from '@ring/video-conductor/pg-boss';
 *
 * const boss = new PgBoss(process.env.DATABASE_URL!);
 * await boss.start();
 * const queue = createVideoQueue({ boss, conductor, ledger });
 * const { jobId } = await queue.enqueue({ prompt: 'A fox in the snow', idempotencyKey: 'fox-1' });
 * const worker = await queue.work({ concurrency: 4 });
 * ```
 */
export function createVideoQueue(options: VideoQueueOptions): VideoQueue {
  const { boss, conductor, ledger } = options;
  const name = options.name ?? 'video-conductor';
  if (!/^[\w.\-/]{1,100}$/.test(name)) {
    throw new InvalidRequestError(`Invalid video queue option: name "${name}" may hold only letters, digits and _ . - /`, { field: 'name' });
  }
  const deadLetterName = `${name}.dead`;
  const sweepName = `${name}.sweep`;
  const pollIntervalMs = positive(options.pollIntervalMs ?? 5000, 'pollIntervalMs');
  const pollSliceMs = positive(options.pollSliceMs ?? 1, 'pollSliceMs');
  const retryLimit = whole(options.retryLimit ?? 5, 'retryLimit');
  const retryDelaySeconds = whole(options.retryDelaySeconds ?? 2, 'retryDelaySeconds');
  const expireInSeconds = positive(options.expireInSeconds ?? 300, 'expireInSeconds');
  const sweepCron = options.sweepCron === undefined ? '* * * * *' : options.sweepCron;
  const sweepStaleAfterMs = positive(options.sweepStaleAfterMs ?? 120_000, 'sweepStaleAfterMs');
  const now = options.now ?? Date.now;
  let started: Promise<void> | undefined;

  const start = (): Promise<void> => {
    started ??= (async () => {
      await boss.createQueue(deadLetterName, { policy: 'standard', retryLimit: 0 });
      // `stately`: at most one waiting and one active job per key, so a key is never run by two
      // workers at once and a second send of a waiting key is refused (it returns null).
      await boss.createQueue(name, {
        policy: 'stately',
        retryLimit,
        retryDelay: retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds,
        deadLetter: deadLetterName,
      });
      await boss.createQueue(sweepName, { policy: 'singleton', retryLimit: 0, expireInSeconds: Math.max(60, expireInSeconds) });
      if (sweepCron !== null) await boss.schedule(sweepName, sweepCron, {});
    })();
    started.catch(() => (started = undefined));
    return started;
  };

  /** The live (waiting or running) job of a key, or `null`; `undefined` when the queue never saw the key. */
  const liveJobOf = async (key: string): Promise<{ id: string } | null | undefined> => {
    const jobs = await boss.findJobs<VideoJobData>(name, { key: singletonKeyOf(key) });
    if (jobs.length === 0) return undefined;
    return jobs.find((job) => liveJobStates.has(job.state)) ?? null;
  };

  const send = async (data: VideoJobData, sendOptions: { startAfter?: Date | number; priority?: number; db?: IDatabase | undefined } = {}): Promise<string | null> =>
    boss.send(name, data as unknown as object, {
      singletonKey: singletonKeyOf(data.request.idempotencyKey),
      ...(sendOptions.startAfter === undefined ? {} : { startAfter: sendOptions.startAfter }),
      ...(sendOptions.priority === undefined ? {} : { priority: sendOptions.priority }),
      ...(sendOptions.db === undefined ? {} : { db: sendOptions.db }),
    });

  const enqueue = createEnqueue({ conductor, ledger, start, send, liveJobOf });

  /** Sends the next delivery of a job after `delayMs`. */
  const reschedule = async (data: VideoJobData, recordId: string, delayMs: number): Promise<Pick<VideoJobOutput, 'nextJobId' | 'nextPollAt'>> => {
    const startAfter = new Date(now() + delayMs);
    const nextJobId = await send({ ...data, recordId }, { startAfter });
    return { nextJobId, nextPollAt: startAfter.toISOString() };
  };

  /** One delivery: submit once (first time), else one poll slice; re-schedules while the provider works. */
  const runJob = async (job: Job<VideoJobData> | JobWithMetadata<VideoJobData>, retryCount: number): Promise<VideoJobOutput> => {
    const data = job.data;
    const key = data.request.idempotencyKey;
    let recordId = data.recordId ?? (await ledger.findByIdempotencyKey(key))?.id;
    if (recordId === undefined || data.submit === true) {
      try {
        // Takes the `queued` row of the key (or, for a job sent without one, writes it), then
        // pays; the row holds the request id right after. A redelivery finds the request id
        // there and pays nothing.
        const submitted = await conductor.submit(data.request, { signal: job.signal });
        return { recordId: submitted.recordId, status: 'submitted', ...(await reschedule(polling(data), submitted.recordId, pollIntervalMs)) };
      } catch (error) {
        const row = await ledger.findByIdempotencyKey(key);
        if (row === null) {
          if (VideoConductorError.isInstance(error) && !error.isRetryable) return ended(null, 'rejected', error);
          throw error;
        }
        if (terminalStatuses.includes(row.status)) return ended(row.id, row.status, error, row);
        recordId = row.id;
        if (row.status === 'pending') return { recordId, status: row.status, ...(await reschedule(polling(data), recordId, pollIntervalMs)) };
        throw error;
      }
    }
    try {
      const result = await conductor.resume(recordId, { timeoutMs: pollSliceMs, signal: job.signal });
      return { recordId, status: result.status };
    } catch (error) {
      if (GenerationTimeoutError.isInstance(error)) {
        // The provider's hint when it gave one (never sooner than a tenth of the interval), else the queue's interval.
        const delayMs = error.retryAfterMs === undefined ? pollIntervalMs : Math.max(error.retryAfterMs, pollIntervalMs / 10);
        return { recordId, status: 'timed_out', ...(await reschedule(data, recordId, delayMs)) };
      }
      const row = await ledger.get(recordId);
      if (row !== null && terminalStatuses.includes(row.status)) return ended(recordId, row.status, error, row);
      // A `pending` row younger than the conductor's grace: its submit may still be running
      // elsewhere (or its worker just died); ask again later, without using up a retry.
      if (VideoConductorError.isInstance(error) && error.code === 'JOB_IN_PROGRESS') {
        return { recordId, status: row?.status ?? 'pending', ...(await reschedule(data, recordId, pollIntervalMs)) };
      }
      if (retryCount >= retryLimit && row !== null) await closeRow(row, error);
      throw error;
    }
  };

  /** Ends a row whose job exhausted its retries, saying why (the dead letter keeps the payload). */
  const closeRow = async (row: VideoRecord, error: unknown): Promise<void> => {
    if (terminalStatuses.includes(row.status) || row.status === 'persist_failed') return;
    const reason = VideoConductorError.isInstance(error) ? `${error.code}: ${error.message}` : String((error as Error)?.message ?? error);
    await ledger
      .update(
        row.id,
        {
          status: 'failed',
          error: {
            code: 'QUEUE_RETRIES_EXHAUSTED',
            message: `The queue job of video ${row.id} failed ${retryLimit + 1} times and went to the dead-letter queue ${deadLetterName}; last error: ${reason}`,
            retryable: false,
            step: row.requestId === null ? 'submit' : 'poll',
          },
        },
        { expectStatus: [row.status] },
      )
      .catch(() => {});
  };

  const sweep = async (): Promise<VideoQueueSweepReport> => {
    await start();
    const report: VideoQueueSweepReport = { examined: 0, resent: [] };
    const staleBefore = now() - sweepStaleAfterMs;
    let cursor: string | undefined;
    do {
      const page = await ledger.list({ status: sweptStatuses, limit: 200, ...(cursor === undefined ? {} : { cursor }) });
      for (const row of page.records) {
        if (row.idempotencyKey === null || Date.parse(row.updatedAt) > staleBefore) continue;
        report.examined += 1;
        // Rows with no live job: a `queued` one always (queued rows wait to be run — here, its
        // job was lost between the row and the send); others only when this queue has seen
        // their key (a job of it exists in any state), so rows of direct `generate` calls on the
        // same ledger are left to `recover()`.
        const live = await liveJobOf(row.idempotencyKey);
        if (live === undefined ? row.status !== 'queued' : live !== null) continue;
        const request = { prompt: row.prompt, idempotencyKey: row.idempotencyKey } as VideoJobData['request'];
        const jobId = await send({ v: 1, request, recordId: row.id });
        report.resent.push({ recordId: row.id, jobId });
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return report;
  };

  const work = async (workOptions: WorkVideoQueueOptions = {}): Promise<VideoQueueWorker> => {
    await start();
    const concurrency = whole(workOptions.concurrency ?? 4, 'concurrency');
    if (concurrency < 1) throw new InvalidRequestError('Invalid video queue work option: concurrency must be at least 1', { field: 'concurrency' });
    const polling = { pollingIntervalSeconds: workOptions.pollingIntervalSeconds ?? 2 };
    const ids: { queue: string; id: string }[] = [];
    ids.push({
      queue: name,
      id: await boss.work<VideoJobData, VideoJobOutput>(
        name,
        { batchSize: 1, localConcurrency: concurrency, includeMetadata: true, ...polling },
        async ([job]) => {
          const output = await runJob(job!, job!.retryCount);
          workOptions.onJob?.({ jobId: job!.id, output, retryCount: job!.retryCount });
          return output;
        },
      ),
    });
    if (workOptions.maintenance !== false) {
      ids.push({
        queue: deadLetterName,
        id: await boss.work<VideoJobData>(deadLetterName, polling, async ([job]) => {
          // The main handler closes the row on its last attempt; this catches attempts that
          // never reached it (a worker killed on its last try).
          const data = job!.data;
          const row = data.recordId !== undefined ? await ledger.get(data.recordId) : await ledger.findByIdempotencyKey(data.request.idempotencyKey);
          if (row !== null) await closeRow(row, new Error('the job expired or failed on every attempt'));
          return { recordId: row?.id ?? null, status: 'dead-lettered' };
        }),
      });
      ids.push({ queue: sweepName, id: await boss.work(sweepName, polling, async () => sweep()) });
    }
    let stopping: Promise<void> | undefined;
    const stop = (): Promise<void> => {
      stopping ??= Promise.all(ids.map(({ queue, id }) => boss.offWork(queue, { id, wait: true }))).then(() => {});
      return stopping;
    };
    workOptions.signal?.addEventListener('abort', () => void stop(), { once: true });
    if (workOptions.signal?.aborted) await stop();
    return { stop };
  };

  const counts = async (): Promise<VideoQueueCounts> => {
    await start();
    // A monitor pass refreshes the stored counts (and expires overdue jobs, as the supervisor would).
    await boss.supervise(name).catch(() => undefined);
    await boss.supervise(deadLetterName).catch(() => undefined);
    const [queue, dead, waiting] = await Promise.all([
      boss.getQueue(name),
      boss.getQueue(deadLetterName),
      boss.findJobs<VideoJobData>(name, { queued: true, limit: 1 }),
    ]);
    const oldest = waiting[0];
    return {
      name,
      ready: queue?.readyCount ?? 0,
      deferred: queue?.deferredCount ?? 0,
      queued: queue?.queuedCount ?? 0,
      active: queue?.activeCount ?? 0,
      deadLetters: dead?.queuedCount ?? 0,
      oldestWaiting:
        oldest === undefined
          ? null
          : { jobId: oldest.id, createdOn: oldest.createdOn.toISOString(), startAfter: oldest.startAfter.toISOString(), recordId: oldest.data.recordId ?? null },
    };
  };

  const findRecord = (idempotencyKey: string) => ledger.findByIdempotencyKey(idempotencyKey);

  const isQueued = async (idempotencyKey: string) => Boolean(await liveJobOf(idempotencyKey));

  return { name, deadLetterName, sweepName, start, enqueue, work, counts, sweep, findRecord, isQueued };
}


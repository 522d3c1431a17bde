import { createHash, randomUUID } from 'node:crypto';
import {
  GenerationTimeoutError,
  InvalidRequestError,
  VideoConductorError,
  type GenerateVideoRequest,
  type VideoRecord,
  type VideoStatus,
} from '@ring/video-conductor';
import type { Job, JobWithMetadata } from 'pg-boss';
import type { VideoJobData, VideoJobOutput } from './video-job-data.js';
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

const terminalStatuses: readonly VideoStatus[] = ['succeeded', 'moderated', 'failed', 'expired', 'cancelled'];
const sweptStatuses: readonly VideoStatus[] = ['pending', 'submitted', 'generating', 'persisting', 'timed_out', 'persist_failed'];
const liveJobStates = new Set(['created', 'retry', 'active']);

/**
 * The `singletonKey` of a job: the idempotency key itself when pg-boss accepts it (letters,
 * digits, `_ . - /`, at most 200 characters), else `k.<sha256 hex>` of it.
 * @example
 * ```ts
 * singletonKeyOf('clip-1'); // 'clip-1'
 * ```
 */
export function singletonKeyOf(idempotencyKey: string): string {
  if (/^[\w.\-/]{1,200}$/.test(idempotencyKey)) return idempotencyKey;
  return `k.${createHash('sha256').update(idempotencyKey).digest('hex')}`;
}

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

  const send = async (data: VideoJobData, sendOptions: { startAfter?: Date | number; priority?: number } = {}): Promise<string | null> =>
    boss.send(name, data as unknown as object, {
      singletonKey: singletonKeyOf(data.request.idempotencyKey),
      ...(sendOptions.startAfter === undefined ? {} : { startAfter: sendOptions.startAfter }),
      ...(sendOptions.priority === undefined ? {} : { priority: sendOptions.priority }),
    });

  const enqueue = async (request: GenerateVideoRequest, enqueueOptions: EnqueueVideoOptions = {}): Promise<EnqueuedVideo> => {
    const plan = conductor.estimate(request);
    const idempotencyKey = request.idempotencyKey ?? randomUUID();
    await start();
    const existing = await ledger.findByIdempotencyKey(idempotencyKey);
    const data: VideoJobData = { v: 1, request: { ...request, idempotencyKey }, ...(existing === null ? {} : { recordId: existing.id }) };
    if (existing !== null && terminalStatuses.includes(existing.status)) {
      return { recordId: existing.id, jobId: null, idempotencyKey, plan, created: false, status: existing.status };
    }
    const live = await liveJobOf(idempotencyKey);
    if (live) return { recordId: existing?.id ?? null, jobId: live.id, idempotencyKey, plan, created: false, status: existing?.status ?? null };
    const jobId = await send(data, enqueueOptions);
    if (jobId === null) {
      // Another process queued the same key a moment ago.
      const raced = await liveJobOf(idempotencyKey);
      return { recordId: existing?.id ?? null, jobId: raced?.id ?? null, idempotencyKey, plan, created: false, status: existing?.status ?? null };
    }
    return { recordId: existing?.id ?? null, jobId, idempotencyKey, plan, created: true, status: existing?.status ?? null };
  };

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
    if (recordId === undefined) {
      try {
        // Writes the row, then pays; the row holds the request id right after.
        const submitted = await conductor.submit(data.request, { signal: job.signal });
        return { recordId: submitted.recordId, status: 'submitted', ...(await reschedule(data, submitted.recordId, pollIntervalMs)) };
      } catch (error) {
        const row = await ledger.findByIdempotencyKey(key);
        if (row === null) {
          if (VideoConductorError.isInstance(error) && !error.isRetryable) return ended(null, 'rejected', error);
          throw error;
        }
        if (terminalStatuses.includes(row.status)) return ended(row.id, row.status, error, row);
        recordId = row.id;
        if (row.status === 'pending') return { recordId, status: row.status, ...(await reschedule(data, recordId, pollIntervalMs)) };
        throw error;
      }
    }
    try {
      const result = await conductor.resume(recordId, { timeoutMs: pollSliceMs, signal: job.signal });
      return { recordId, status: result.status };
    } catch (error) {
      if (GenerationTimeoutError.isInstance(error)) {
        return { recordId, status: 'timed_out', ...(await reschedule(data, recordId, pollIntervalMs)) };
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
        // Only rows this queue has seen (a job of their key exists in any state) and with no live job.
        const live = await liveJobOf(row.idempotencyKey);
        if (live !== null) continue;
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

function ended(recordId: string | null, status: string, error: unknown, row?: VideoRecord): VideoJobOutput {
  const fromRow = row?.error;
  const code = fromRow?.code ?? (VideoConductorError.isInstance(error) ? error.code : 'UNEXPECTED_ERROR');
  const message = fromRow?.message ?? String((error as Error)?.message ?? error);
  return { recordId, status, error: { code, message } };
}

function positive(value: number, field: string): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new InvalidRequestError(`Invalid video queue option: ${field} must be a positive number, got ${value}`, { field });
  }
  return value;
}

function whole(value: number, field: string): number {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidRequestError(`Invalid video queue option: ${field} must be a whole number ≥ 0, got ${value}`, { field });
  }
  return value;
}

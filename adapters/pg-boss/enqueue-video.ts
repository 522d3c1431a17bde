import { randomUUID } from 'node:crypto';
import type { GenerateVideoRequest, Ledger, VideoConductor, VideoRecord } from '@ring/video-conductor';
import type { Db as IDatabase } from 'pg-boss';
import { isTransactional, KeyAlreadyQueued, terminalStatuses } from './queue-helpers.js';
import type { VideoJobData } from './video-job-data.js';
import type { EnqueueVideoOptions, EnqueuedVideo } from './video-queue.js';

/** What `enqueue` needs of its queue. */
export interface EnqueueDependencies {
  conductor: VideoConductor;
  ledger: Ledger;
  /** Creates the queues (once). */
  start(): Promise<void>;
  /** Sends one job of the queue; `null` when a live job of the key exists (policy `stately`). */
  send(data: VideoJobData, options?: EnqueueVideoOptions & { db?: IDatabase | undefined }): Promise<string | null>;
  /** The live job of a key, `null` when none, `undefined` when the queue never saw the key. */
  liveJobOf(key: string): Promise<{ id: string } | null | undefined>;
}

/** The queue's `enqueue`: the `queued` row (`conductor.reserve`) and its job, together. */
export function createEnqueue({ conductor, ledger, start, send, liveJobOf }: EnqueueDependencies) {
  /**
   * Runs `work` with a ledger and a pg-boss `db` that share one transaction when the ledger
   * can open one (the Postgres ledger: `ledger.transaction`), so the row and its job commit
   * together; otherwise with the plain ledger and boss's own connection (the row first, the
   * job second: a row left without a job is found by the sweep).
   */
  const atomically = <T>(work: (scope: { ledger: Ledger; db: IDatabase | undefined }) => Promise<T>): Promise<T> => {
    if (!isTransactional(ledger)) return work({ ledger, db: undefined });
    return ledger.transaction(({ ledger: inTransaction, db }) =>
      work({ ledger: inTransaction, db: { executeSql: (text, values) => db.query(text, values) } }),
    );
  };

  const enqueue = async (request: GenerateVideoRequest, enqueueOptions: EnqueueVideoOptions = {}): Promise<EnqueuedVideo> => {
    const plan = conductor.estimate(request);
    const idempotencyKey = request.idempotencyKey ?? randomUUID();
    const keyed = { ...request, idempotencyKey };
    await start();
    const existing = await ledger.findByIdempotencyKey(idempotencyKey);
    if (existing !== null) return enqueueKnown(existing, keyed, plan, enqueueOptions);
    const written = await atomically(async (scope) => {
      const reserved = await conductor.reserve(keyed, { ledger: scope.ledger });
      if (!reserved.created) return { reserved, jobId: null };
      const jobId = await send({ v: 1, request: keyed, recordId: reserved.recordId, submit: true }, { ...enqueueOptions, db: scope.db });
      // A live job of the key without a row: roll the new row back and report the job.
      if (jobId === null && scope.db !== undefined) throw new KeyAlreadyQueued();
      return { reserved, jobId };
    }).catch((error: unknown) => {
      if (!(error instanceof KeyAlreadyQueued)) throw error;
      return null;
    });
    if (written === null || !written.reserved.created) {
      // Another process enqueued the same key a moment ago.
      const row = await ledger.findByIdempotencyKey(idempotencyKey);
      const live = await liveJobOf(idempotencyKey);
      return { recordId: row?.id ?? null, jobId: live?.id ?? null, idempotencyKey, plan, created: false, status: row?.status ?? null };
    }
    const { record } = written.reserved;
    return { recordId: record.id, jobId: written.jobId, idempotencyKey, plan, created: true, status: record.status };
  };

  /** A second enqueue of a key with a row: nothing to do when it ended or has a live job; else it gets a job again. */
  const enqueueKnown = async (
    row: VideoRecord,
    request: VideoJobData['request'],
    plan: EnqueuedVideo['plan'],
    enqueueOptions: EnqueueVideoOptions,
  ): Promise<EnqueuedVideo> => {
    const known = { recordId: row.id, idempotencyKey: request.idempotencyKey, plan, status: row.status };
    if (terminalStatuses.includes(row.status)) return { ...known, jobId: null, created: false };
    const live = await liveJobOf(request.idempotencyKey);
    if (live) return { ...known, jobId: live.id, created: false };
    const jobId = await send({ v: 1, request, recordId: row.id, ...(row.status === 'queued' ? { submit: true as const } : {}) }, enqueueOptions);
    return { ...known, jobId, created: jobId !== null };
  };

  return enqueue;
}

import type { VideoQueue, VideoQueueOptions } from '@ring/video-conductor/pg-boss';
import { defaultImportModule, loadOptionalModule } from './load-optional-module.js';
import { readVariable } from './read-env.js';
import type { VideoConductorEnv, VideoConductorEnvironment, VideoConductorEnvOptions } from './video-conductor-env-options.js';

/** The queue the environment chose, from {@link createVideoQueueFromEnv}. */
export interface VideoQueueFromEnv {
  queue: VideoQueue;
  /** `pg-boss on <ledger description>`, for logs. */
  description: string;
  /** Stops pg-boss; `graceful` waits for the jobs in hand. Idempotent. Does not close the ledger. */
  stop(options?: { graceful?: boolean }): Promise<void>;
}

interface PgBossModule {
  PgBoss: new (options: Record<string, unknown>) => VideoQueueOptions['boss'];
  fromPglite(pglite: unknown): unknown;
}

interface PgBossSubpath {
  createVideoQueue(options: VideoQueueOptions): VideoQueue;
}

/**
 * Opens pg-boss on the ledger's database — the same PGlite when embedded (pg-boss's
 * `backend: 'pglite'`), else its own pool on `DATABASE_URL` — and the video queue over the
 * environment's conductor. `VIDEO_CONDUCTOR_QUEUE_NAME` (default `video-conductor`),
 * `VIDEO_CONDUCTOR_QUEUE_SCHEMA` (pg-boss schema, default `pgboss`) and
 * `VIDEO_CONDUCTOR_QUEUE_POLL_INTERVAL_MS` (default 5000; 250 with the local provider) tune
 * it. `pg-boss` is loaded only here.
 *
 * @throws InvalidRequestError `MISSING_PEER_DEPENDENCY` (field `queue`) when pg-boss is not installed.
 * @example
 * ```ts
 * const environment = await createVideoConductorFromEnv(process.env);
 * const { queue, stop } = await createVideoQueueFromEnv(environment, process.env);
 * console.log(await queue.counts());
 * await stop();
 * await environment.close();
 * ```
 */
export async function createVideoQueueFromEnv(
  environment: VideoConductorEnvironment,
  env: VideoConductorEnv = process.env,
  options: Pick<VideoConductorEnvOptions, 'importModule'> & {
    /** Run pg-boss's supervisor and cron (workers); `false` for one-shot commands. @default true */
    supervise?: boolean;
    /** Receives pg-boss's `error` events (e.g. a lost connection it retries). @default ignored */
    onError?: (error: unknown) => void;
  } = {},
): Promise<VideoQueueFromEnv> {
  const importModule = options.importModule ?? defaultImportModule;
  const need = { field: 'queue', purpose: 'The video queue (worker, enqueue, queue, run --queue)', packages: ['pg-boss'] };
  const pgBoss = await loadOptionalModule<PgBossModule & { default?: PgBossModule }>(importModule, 'pg-boss', need);
  const { PgBoss, fromPglite } = pgBoss.PgBoss === undefined && pgBoss.default !== undefined ? pgBoss.default : pgBoss;
  const { createVideoQueue } = await loadOptionalModule<PgBossSubpath>(importModule, '@ring/video-conductor/pg-boss', need);
  const schema = readVariable(env, 'VIDEO_CONDUCTOR_QUEUE_SCHEMA');
  const name = readVariable(env, 'VIDEO_CONDUCTOR_QUEUE_NAME');
  const intervalText = readVariable(env, 'VIDEO_CONDUCTOR_QUEUE_POLL_INTERVAL_MS');
  const pollIntervalMs = intervalText === undefined ? (environment.description.provider === 'local' ? 250 : 5000) : Number(intervalText);
  const { url, client } = environment.database;
  const supervise = options.supervise ?? true;
  const boss = new PgBoss({
    ...(url === undefined ? { db: fromPglite(client), backend: 'pglite' } : { connectionString: url, max: 5 }),
    ...(schema === undefined ? {} : { schema }),
    supervise,
    schedule: supervise,
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
  });
  // Without a listener an `error` event would end the process; pg-boss retries on its own.
  boss.on('error', (error) => options.onError?.(error));
  await boss.start();
  let stopping: Promise<void> | undefined;
  const stop = (stopOptions: { graceful?: boolean } = {}) => (stopping ??= boss.stop({ graceful: stopOptions.graceful ?? true, timeout: 30_000 }));
  try {
    const queue = createVideoQueue({
      boss,
      conductor: environment.conductor,
      ledger: environment.ledger,
      pollIntervalMs,
      ...(name === undefined ? {} : { name }),
    });
    await queue.start();
    return { queue, description: `pg-boss on ${environment.description.ledger}`, stop };
  } catch (error) {
    await stop({ graceful: false }).catch(() => undefined);
    throw error;
  }
}

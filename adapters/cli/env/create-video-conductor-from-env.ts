import { createVideoConductor } from '@ring/video-conductor';
import { createSharpThumbnailRenderer } from '@ring/video-conductor/thumbnail';
import { budgetFromEnv } from './budget-from-env.js';
import { createLedgerFromEnv, type LedgerFromEnv } from './create-ledger-from-env.js';
import { createProviderFromEnv } from './create-provider-from-env.js';
import { createStorageFromEnv, type StorageFromEnv } from './create-storage-from-env.js';
import { readVariable, resolveHome } from './read-env.js';
import type { VideoConductorEnv, VideoConductorEnvOptions, VideoConductorEnvironment } from './video-conductor-env-options.js';

/**
 * Builds a conductor from environment variables — the embedded defaults when nothing is set:
 *
 * | part | configured by | default |
 * |---|---|---|
 * | provider | `XAI_API_KEY` → xAI (video + first-frame images); `RUNWAYML_API_SECRET` or `VIDEO_CONDUCTOR_PROVIDER=runway` → Runway (with its presets; needs `@runwayml/sdk`) | none: set a key, or `VIDEO_CONDUCTOR_PROVIDER=local` (or `provider: 'local'`) for the offline local provider |
 * | storage | `VIDEO_CONDUCTOR_S3_BUCKET` (+ AWS variables, `VIDEO_CONDUCTOR_S3_ENDPOINT`) → S3 | fs under `<home>/media` |
 * | ledger | `DATABASE_URL` → `pg` `Pool` | PGlite under `<home>/ledger`, migrated on first use |
 * | thumbnails | `VIDEO_CONDUCTOR_FFMPEG_PATH` (frames taken from the video) | sharp over the first frame, loaded at the first `thumbnail` request |
 * | budget | `VIDEO_CONDUCTOR_MAX_USD_PER_JOB`, `…_PER_DAY`, `…_PER_ACTOR` (USD; see {@link budgetFromEnv}) | no limit; `options.conductor.budget` overrides per field |
 *
 * `<home>` is `VIDEO_CONDUCTOR_HOME`, else `./.video-conductor`. `pg`, `@electric-sql/pglite`,
 * the AWS SDK and `@runwayml/sdk` are optional peers, imported only when chosen; a missing one gives an
 * `InvalidRequestError` (`MISSING_PEER_DEPENDENCY`) naming the package to install. Close the
 * result when done: it holds a pool or an embedded database, and perhaps a loopback server.
 *
 * @param env The variables to read. @default process.env
 * @param options Overrides of the variables and more conductor options.
 * @throws InvalidRequestError naming the variable at fault (`XAI_API_KEY` when no provider is
 * configured, with the way to ask for the local one).
 * @example
 * ```ts
 * import { createVideoConductorFromEnv } from '@ring/video-conductor/cli';
 *
 * const { conductor, ledger, close } = await createVideoConductorFromEnv();
 * try {
 *   const result = await conductor.generate({ prompt: 'A drone shot over Kyiv at dawn', durationSec: 6 });
 *   if (result.success) console.log(result.video.url, await ledger.get(result.recordId));
 * } finally {
 *   await close();
 * }
 * ```
 */
export async function createVideoConductorFromEnv(
  env: VideoConductorEnv = process.env,
  options: VideoConductorEnvOptions = {},
): Promise<VideoConductorEnvironment> {
  // Read before anything is opened: a mistyped budget stops the start, it is never ignored.
  const budget = { ...budgetFromEnv(env), ...options.conductor?.budget };
  const providers = createProviderFromEnv(env, options);
  // A missing optional peer of the provider is reported before anything is opened.
  await providers.ready();
  let storage: StorageFromEnv | undefined;
  let ledger: LedgerFromEnv | undefined;
  const closeAll = async () => {
    const results = await Promise.allSettled([ledger?.close(), storage?.close(), providers.close()]);
    const failure = results.find((result) => result.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
  };
  try {
    storage = await createStorageFromEnv(env, options);
    ledger = await createLedgerFromEnv(env, options);
  } catch (error) {
    await closeAll().catch(() => undefined);
    throw error;
  }

  const extra = options.conductor ?? {};
  const ffmpegPath = readVariable(env, 'VIDEO_CONDUCTOR_FFMPEG_PATH');
  const conductor = createVideoConductor({
    ...extra,
    // sharp is imported at the first render only; without it a thumbnail becomes a warning on the job.
    budget,
    ...(extra.presets === undefined && providers.presets !== undefined ? { presets: providers.presets } : {}),
    thumbnailRenderer: extra.thumbnailRenderer ?? createSharpThumbnailRenderer(ffmpegPath === undefined ? {} : { ffmpegPath }),
    provider: providers.provider,
    imageProvider: providers.imageProvider,
    storage: storage.storage,
    ledger: ledger.ledger,
    ...(extra.fetch === undefined && providers.fetch !== undefined ? { fetch: providers.fetch } : {}),
    ...(extra.urlPolicy === undefined && providers.urlPolicy !== undefined ? { urlPolicy: providers.urlPolicy } : {}),
    ...(providers.polling === undefined ? {} : { polling: { ...providers.polling, ...extra.polling } }),
  });
  let closing: Promise<void> | undefined;
  return {
    conductor,
    provider: providers.provider,
    imageProvider: providers.imageProvider,
    storage: storage.storage,
    ledger: ledger.ledger,
    database: { client: ledger.db, url: ledger.databaseUrl },
    description: { provider: providers.name, storage: storage.description, ledger: ledger.description, home: resolveHome(env, options), budget },
    migrate: ledger.migrate,
    close: () => (closing ??= closeAll()),
  };
}

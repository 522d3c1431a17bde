/**
 * `@ring/video-conductor/cli` — the embedded defaults and the `video-conductor` command line.
 *
 * This subpath is a *composition root*, not an adapter: it picks adapters from the
 * environment and wires them together, importing them by their published subpaths
 * (`/xai`, `/fs`, `/s3`, `/postgres`, `/local`, `/thumbnail`).
 *
 * - {@link createVideoConductorFromEnv}: a conductor from environment variables —
 *   `XAI_API_KEY` → xAI (or `VIDEO_CONDUCTOR_PROVIDER=local`, the offline local provider,
 *   only when asked for), `VIDEO_CONDUCTOR_S3_BUCKET` → S3 else files under
 *   `./.video-conductor/media`, `DATABASE_URL` → Postgres else an embedded PGlite under
 *   `./.video-conductor/ledger`. The parts are exported too: {@link createProviderFromEnv},
 *   {@link createStorageFromEnv}, {@link createLedgerFromEnv}. Spending limits come from
 *   `VIDEO_CONDUCTOR_MAX_USD_PER_JOB`, `…_PER_DAY` and `…_PER_ACTOR` ({@link budgetFromEnv}).
 * - {@link runCli}: the `video-conductor` commands (`generate`, `estimate`, `run`, `status`,
 *   `list`, `resume`, `recover`, `migrate`) as a function, for embedding and tests.
 * - Manifest v2 of `video-conductor run`: {@link parseVideoManifest},
 *   {@link resolveClipRequests}, {@link videoManifestJsonSchema}.
 *
 * `pg`, `@electric-sql/pglite` and the AWS SDK are optional peers loaded only when the
 * environment chooses them; a missing one is an `InvalidRequestError` naming the package.
 *
 * @example
 * ```ts
 * import { createVideoConductorFromEnv } from '@ring/video-conductor/cli';
 *
 * const { conductor, close } = await createVideoConductorFromEnv(process.env, { provider: 'local' });
 * try {
 *   const result = await conductor.generate({ prompt: 'A drone shot over Kyiv at dawn', aspectRatio: '9:16' });
 *   if (result.success) console.log(result.video.url, result.sha256);
 * } finally {
 *   await close();
 * }
 * ```
 *
 * @module
 */
export { createVideoConductorFromEnv } from './env/create-video-conductor-from-env.js';
export { createProviderFromEnv, chooseProvider, type ProviderFromEnv } from './env/create-provider-from-env.js';
export { createStorageFromEnv, s3ClientConfigFromEnv, type StorageFromEnv } from './env/create-storage-from-env.js';
export { createLedgerFromEnv, type LedgerFromEnv } from './env/create-ledger-from-env.js';
export { budgetFromEnv, budgetVariables } from './env/budget-from-env.js';
export type {
  VideoConductorEnv,
  VideoConductorEnvDescription,
  VideoConductorEnvOptions,
  VideoConductorEnvironment,
  VideoConductorProviderName,
} from './env/video-conductor-env-options.js';
export { runCli } from './run-cli.js';
export { processIo, type CliIo } from './cli-io.js';
export { cliExitCodes, type CliExitCode } from './exit-codes.js';
export { cliVersion } from './cli-version.js';
export { parseVideoManifest } from './manifest/parse-video-manifest.js';
export { resolveClipRequests, clipIdempotencyKey, type ClipRequest } from './manifest/clip-requests.js';
export { composeDialoguePrompt } from './manifest/compose-dialogue-prompt.js';
export { videoManifestJsonSchema } from './manifest/video-manifest-json-schema.js';
export type {
  VideoManifest,
  VideoManifestClip,
  VideoManifestDialogueLine,
  VideoManifestRequestFields,
} from './manifest/video-manifest.js';
export type { CampaignClipResult, CampaignResult } from './campaign/campaign-result.js';

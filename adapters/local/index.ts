/**
 * `@ring/video-conductor/local` — the offline **local provider**: a `VideoProvider` and an
 * `ImageProvider` that need no key and bill nothing. The CLI and
 * `createVideoConductorFromEnv` use it for `--provider local` / `VIDEO_CONDUCTOR_PROVIDER=local`;
 * demos and end-to-end tests use it to exercise the whole path (submit, poll, download,
 * store) without a network.
 *
 * - {@link createLocalVideoProvider}: real small MP4s ({@link localVideoFixtures}) served
 *   from a loopback HTTP server that starts on first use. Prompt markers
 *   `[local:moderated]`, `[local:failed]`, `[local:expired]` choose other outcomes
 *   ({@link localOutcomeOf}).
 * - {@link createLocalImageProvider}: PNG first frames ({@link localFirstFramePng}), with the
 *   same markers.
 *
 * Nothing is opened at import time; only `node:http` is loaded, when the server starts.
 * The scripted test doubles (`ScriptedVideoProvider`, memory storage and ledger) stay in
 * `@ring/video-conductor/testing`.
 *
 * @example
 * ```ts
 * import { createVideoConductor, MemoryLedger } from '@ring/video-conductor';
 * import { createFsStorage } from '@ring/video-conductor/fs';
 * import { createLocalImageProvider, createLocalVideoProvider } from '@ring/video-conductor/local';
 *
 * const provider = createLocalVideoProvider();
 * const conductor = createVideoConductor({
 *   provider,
 *   imageProvider: createLocalImageProvider(),
 *   fetch: provider.fetch,
 *   urlPolicy: provider.urlPolicy, // its videos are on http://127.0.0.1: opt in explicitly
 *   storage: createFsStorage({ directory: './media' }),
 *   ledger: new MemoryLedger(),
 * });
 * ```
 *
 * @module
 */
export {
  createLocalVideoProvider,
  type LocalVideoProvider,
  type LocalVideoProviderOptions,
} from './local-video-provider.js';
export { createLocalImageProvider } from './local-image-provider.js';
export { localOutcomeOf, type LocalVideoOutcome } from './local-video-job.js';
export {
  localFirstFramePng,
  localVideoFixtureFor,
  localVideoFixtures,
  type LocalVideoFixture,
  type LocalVideoFixtureName,
} from './local-video-fixture.js';

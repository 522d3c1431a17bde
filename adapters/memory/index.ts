/**
 * `@ring/video-conductor/testing` — in-memory adapters and scripted providers, for tests,
 * examples and local experiments. No test runner and nothing opened at import time: safe to
 * import from any test framework or a plain script.
 *
 * - {@link MemoryLedger} and {@link MemoryStorage}: the `Ledger` and `Storage` ports in
 *   process memory, with the same all-or-nothing and uniqueness rules as the real ones.
 * - {@link ScriptedVideoProvider}: a `VideoProvider` whose jobs follow scripts, with a
 *   `fetch` that serves the finished videos and can be told to fail.
 * - {@link ScriptedImageProvider}: an `ImageProvider` returning scripted first frames.
 * - {@link createTestMp4}: deterministic bytes with a real MP4 signature.
 * - {@link createFakeTime}: a clock and a sleep on shared fake time, for instant poll loops.
 *
 * The offline local provider (real MP4s over loopback HTTP, used by the CLI) is its own
 * subpath, `@ring/video-conductor/local`.
 *
 * @example
 * ```ts
 * import { MemoryLedger, MemoryStorage, ScriptedVideoProvider, scriptedFailed } from '@ring/video-conductor/testing';
 *
 * const provider = new ScriptedVideoProvider({ jobs: [{ steps: [scriptedFailed('generation_failed')] }] });
 * const storage = new MemoryStorage();
 * const ledger = new MemoryLedger();
 * ```
 *
 * @module
 */
export { MemoryLedger, type MemoryLedgerOptions } from '@ring/video-conductor';
export { MemoryStorage, type MemoryStorageOptions } from './memory-storage.js';
export {
  ScriptedVideoProvider,
  type ScriptedVideoProviderCall,
  type ScriptedVideoProviderOptions,
} from './scripted-video-provider.js';
export {
  scriptedDone,
  scriptedFailed,
  scriptedPending,
  type ScriptStep,
  type ScriptedDoneStatus,
  type VideoJobScript,
} from './scripted-video-job.js';
export {
  ScriptedImageProvider,
  type ScriptedImageProviderCall,
  type ScriptedImageProviderOptions,
} from './scripted-image-provider.js';
export { createTestMp4 } from './create-test-mp4.js';
export { publicTestAddress, publicTestLookup } from './public-test-lookup.js';
export { createFakeTime, type FakeTime } from './create-fake-time.js';
export { createVideoResponse, videoResponseChunkBytes, type VideoResponseOptions } from './create-video-response.js';

import type { Clock, Sleep } from '../clock.js';
import type { ImageProvider } from '../ports/image-provider.js';
import type { Ledger } from '../ports/ledger.js';
import type { Storage } from '../ports/storage.js';
import type { ThumbnailRenderer } from '../ports/thumbnail-renderer.js';
import type { VideoProvider } from '../ports/video-provider.js';
import type { VideoRecord } from '../ports/video-record.js';
import type { VideoPresets } from '../presets/video-presets.js';
import type { BudgetOptions } from './budget.js';
import type { GenerateVideoResult } from './generate-video-result.js';
import { resultFromRecord } from './record-outcome.js';
import type { VideoConductorEvent, VideoConductorEventListener } from './video-conductor-event.js';

/** The resolved dependencies of a conductor, shared by every job. */
export interface ConductorDependencies {
  provider: VideoProvider;
  imageProvider: ImageProvider | undefined;
  storage: Storage | undefined;
  thumbnailRenderer: ThumbnailRenderer | undefined;
  ledger: Ledger;
  presets: VideoPresets;
  fetch: typeof globalThis.fetch;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  generateId: () => string;
  intervalMs: number;
  jitter: number;
  timeoutMs: number;
  keyPrefix: string;
  persistRetries: number;
  pendingGraceMs: number;
  budget: BudgetOptions | undefined;
  downloadStallTimeoutMs: number;
  downloadTimeoutMs: number;
  maxVideoBytes: number;
  heartbeatMs: number;
}

/** One call's options, resolved. */
export interface CallContext {
  signal: AbortSignal | undefined;
  onAbort: 'detach' | 'cancel';
  timeoutMs: number;
  emit: (event: VideoConductorEvent) => void;
}

/** Builds the emitter of a call: listener exceptions are swallowed so they cannot break a paid job. */
export function createEmitter(listener: VideoConductorEventListener | undefined): (event: VideoConductorEvent) => void {
  if (listener === undefined) return () => {};
  return (event) => {
    try {
      listener(event);
    } catch {
      // A broken listener must not leave a paid job half-recorded.
    }
  };
}

/** Whether `error` is the abort of `signal` (as opposed to a failure that happened meanwhile). */
export function isAbortOf(error: unknown, signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && (error === signal.reason || (error instanceof Error && error.name === 'AbortError'));
}

/** The result a finished row stands for, announced to the call's listener as `completed`. */
export function completeJob(record: VideoRecord, call: CallContext): GenerateVideoResult {
  const result = resultFromRecord(record);
  call.emit({ type: 'completed', recordId: record.id, result });
  return result;
}

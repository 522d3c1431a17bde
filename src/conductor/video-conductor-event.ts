import type { VideoConductorError } from '../errors/video-conductor-error.js';
import type { VideoPlan } from '../plan/video-plan.js';
import type { FirstFrameInfo, VideoStatus } from '../ports/video-record.js';
import type { GenerateVideoResult } from './generate-video-result.js';

/**
 * What the conductor reports while a job runs, through `onEvent`. Every event names the
 * ledger record, so a UI can follow many jobs. Events never carry secrets.
 */
export type VideoConductorEvent =
  | {
      /** The request was resolved and its ledger row written (status `pending`); nothing spent yet. */
      type: 'planned';
      recordId: string;
      plan: VideoPlan;
    }
  | {
      /** The first frame exists (generated from `firstFramePrompt`). */
      type: 'first-frame';
      recordId: string;
      firstFrame: FirstFrameInfo;
    }
  | {
      /** The provider accepted the job; the ledger row holds its request id. */
      type: 'submitted';
      recordId: string;
      requestId: string;
    }
  | {
      /** A status poll answered "not yet". */
      type: 'progress';
      recordId: string;
      requestId: string;
      status: VideoStatus;
      /** Percent done, 0–100; `undefined` when the provider does not say. */
      progress?: number;
      /** Milliseconds since polling started. */
      elapsedMs: number;
    }
  | {
      /** The video is done at the provider and is being copied to storage. */
      type: 'persisting';
      recordId: string;
      temporaryUrl: string;
    }
  | {
      /** The video is in storage. */
      type: 'persisted';
      recordId: string;
      storageKey: string;
      url: string;
      sha256: string;
      sizeBytes: number;
    }
  | {
      /** The job ended with a result (including `success: false` for moderation). */
      type: 'completed';
      recordId: string;
      result: GenerateVideoResult;
    }
  | {
      /** The job ended with an error; the ledger row says so. */
      type: 'failed';
      recordId: string;
      error: VideoConductorError;
    };

/** Receives {@link VideoConductorEvent}s. An exception thrown here is ignored: listeners cannot break a paid job. */
export type VideoConductorEventListener = (event: VideoConductorEvent) => void;

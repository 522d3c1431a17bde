import type { CallOptions } from './call-options.js';
import type { Warning } from './warning.js';

/** What a video job does. */
export type VideoOperation =
  /** Text-to-video, or image-to-video when an image is given. */
  | 'generate'
  /** Transform an existing video with a prompt (restyle, remaster). */
  | 'edit'
  /** Continue an existing video from its last frame. */
  | 'extend';

/**
 * What a provider can do, as data, so the conductor can refuse an impossible request
 * before any money is spent.
 */
export interface VideoProviderCapabilities {
  /** Generates from a prompt alone. */
  textToVideo: boolean;
  /** Generates from a prompt and a starting image (`imageUrl`). */
  imageToVideo: boolean;
  /** Edits an existing video (`operation: 'edit'`). */
  edit: boolean;
  /** Extends an existing video (`operation: 'extend'`). */
  extend: boolean;
  /** Implements {@link VideoProvider.cancel}. */
  cancel: boolean;
  /** Allowed clip lengths, in whole seconds, inclusive. */
  durations: { min: number; max: number };
  /** Output resolutions the provider accepts, e.g. `['480p', '720p']`. */
  resolutions: readonly string[];
  /** Aspect ratios the provider accepts, e.g. `['16:9', '9:16']`. */
  aspectRatios: readonly string[];
  /**
   * Aspect ratios accepted when an image starts the video, where they differ from
   * {@link VideoProviderCapabilities.aspectRatios} (e.g. square output only from an image).
   * `undefined`: `aspectRatios`.
   */
  imageToVideoAspectRatios?: readonly string[];
  /**
   * Resolutions by model id, where a model accepts fewer (or more) than
   * {@link VideoProviderCapabilities.resolutions}. `undefined`, or a model not listed: `resolutions`.
   */
  modelResolutions?: Readonly<Record<string, readonly string[]>>;
  /**
   * Length of the segment an extension adds, in whole seconds, inclusive. `undefined`: `durations`.
   */
  extendDurations?: { min: number; max: number };
  /** Added length when an extension names none, in seconds. `undefined`: the presets' default duration. */
  extendDefaultDurationSec?: number;
  /** Length the source video of an extension must have, in seconds, inclusive. `undefined`: no limit known. */
  extendSourceDurations?: { min: number; max: number };
  /** Longest source video an edit accepts, in seconds. `undefined`: no limit known. */
  editMaxSourceDurationSec?: number;
  /** Output resolutions an edit can have (its quality mode's resolution must be one). `undefined`: `resolutions`. */
  editResolutions?: readonly string[];
  /**
   * Reference-to-video (`referenceImageUrls`): how many images, the longest clip in seconds and
   * the resolutions allowed. `undefined`: not supported.
   */
  referenceImages?: { min: number; max: number; maxDurationSec: number; resolutions: readonly string[] };
  /** Whether the soundtrack can be turned off (`generateAudio: false`). `undefined`: no. */
  audioToggle?: boolean;
  /** Model ids that take a last frame (`lastFrameUrl`). `undefined`: none. */
  lastFrameModels?: readonly string[];
}

/** One job as the conductor hands it to a provider: already validated and resolved. */
export interface ProviderVideoInput {
  operation: VideoOperation;
  /** Provider model id, e.g. `grok-imagine-video`. */
  model: string;
  /** The text prompt. */
  prompt: string;
  /**
   * Clip length in seconds; for `extend`, the length of the added segment. `undefined`: the
   * provider's default (and ignored by edits).
   */
  durationSec?: number;
  /** Aspect ratio such as `16:9`. `undefined`: the provider's default. */
  aspectRatio?: string;
  /** Output resolution such as `720p`. `undefined`: the provider's default. */
  resolution?: string;
  /** Starting frame for image-to-video (https or data URL). `undefined`: text-to-video. */
  imageUrl?: string;
  /** The video to edit or extend; required for `edit` and `extend`. */
  sourceVideoUrl?: string;
  /** Reference-to-video: images (https URLs) the video should draw its subjects from. `undefined`: none. */
  referenceImageUrls?: string[];
  /** `false` asks for a silent clip. `undefined`: the provider's default (xAI: with audio). */
  generateAudio?: boolean;
  /** The frame the clip should end on (https URL). `undefined`: none. */
  lastFrameUrl?: string;
  /** An end-user id forwarded for abuse monitoring. `undefined`: none sent. */
  user?: string;
}

/** Where a provider job stands. */
export type ProviderVideoStatus =
  | {
      state: 'pending';
      /** Percent done, 0–100; `undefined` when the provider does not say. */
      progress?: number;
      /** How long the provider asks to wait before the next status call, in ms. */
      retryAfterMs?: number;
      warnings?: Warning[];
    }
  | {
      state: 'done';
      video: {
        /** Where to download the result. Often temporary: download promptly. */
        url: string;
        /** Length of the produced clip in seconds, when reported. */
        durationSec?: number;
        /** MIME type, when reported; `undefined` means `video/mp4`. */
        contentType?: string;
      };
      /** What the job cost, when the provider reports it. */
      usage?: { costUsd?: number };
      warnings?: Warning[];
    }
  | {
      /** Moderation blocked the prompt or the output: no video. */
      state: 'moderated';
      message?: string;
      usage?: { costUsd?: number };
    }
  | {
      /** The job expired before it produced a video. */
      state: 'expired';
    }
  | {
      /**
       * The job was cancelled at the provider — through `cancel()`, or elsewhere (the
       * provider's console, another client): no video. The row ends `cancelled`.
       */
      state: 'cancelled';
      message?: string;
      /** What the provider billed for the cancelled job, when it says. */
      usage?: { costUsd?: number };
    }
  | {
      state: 'failed';
      /** The provider's error code, e.g. `generation_failed`. */
      code: string;
      message: string;
      /** Whether submitting the same job again may succeed. */
      retryable: boolean;
    };

/** What {@link VideoProvider.submit} returns once the provider accepted the job. */
export interface ProviderSubmitResult {
  /** The provider's job id; the only thing needed to poll or resume. */
  requestId: string;
  /** Fields the provider ignored for this job, and other notes. */
  warnings?: Warning[];
}

/**
 * An asynchronous video generation backend (xAI, fal, Replicate, a local fake…).
 *
 * Every method rejects with a `VideoConductorError` subclass, never a raw vendor error.
 * `submit` spends money: an adapter retries it only when the request provably started no
 * job. `getStatus` is read-only and may be retried freely.
 */
export interface VideoProvider {
  readonly specificationVersion: 'v1';
  /** Stable provider id stored in ledger rows, e.g. `xai`. */
  readonly id: string;
  readonly capabilities: VideoProviderCapabilities;
  /** Starts a job. Resolves as soon as the provider accepted it. */
  submit(input: ProviderVideoInput, options?: CallOptions): Promise<ProviderSubmitResult>;
  /** Reads a job's state. */
  getStatus(requestId: string, options?: CallOptions): Promise<ProviderVideoStatus>;
  /** Cancels a job; present only when `capabilities.cancel` is true. */
  cancel?(requestId: string, options?: CallOptions): Promise<void>;
}

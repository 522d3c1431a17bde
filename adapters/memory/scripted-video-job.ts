import type { ProviderVideoStatus, Warning } from '@ring/video-conductor';


/**
 * A `done` status as a script may write it: `video` and each of its fields may be left
 * out. At run time `video.url` defaults to `${baseUrl}${requestId}.mp4` (which the
 * provider's `fetch` serves) and `video.durationSec` to the submitted `durationSec`.
 */
export interface ScriptedDoneStatus {
  state: 'done';
  /** The produced video; `undefined` fields get the defaults above. */
  video?: Partial<Extract<ProviderVideoStatus, { state: 'done' }>['video']>;
  /** What the job cost; `undefined`: not reported. */
  usage?: { costUsd?: number };
  warnings?: Warning[];
}

/**
 * One answer of `getStatus`: a status (a `done` one may leave out its video URL), or
 * `{ error }`, which that call throws as given (wrap it in a `VideoConductorError` to
 * mimic a well-behaved adapter, or throw something raw to test error mapping).
 */
export type ScriptStep = Exclude<ProviderVideoStatus, { state: 'done' }> | ScriptedDoneStatus | { error: unknown };

/** How one submitted job behaves. */
export interface VideoJobScript {
  /**
   * Thrown by `submit` instead of accepting the job (no request id is used up).
   * `undefined`: the job is accepted.
   */
  submitError?: unknown;
  /**
   * What successive `getStatus` calls return, one step per call; once the steps run out,
   * the last one repeats. `undefined` or empty: the default script,
   * `[{ state: 'pending', progress: 50 }, done]` with a cost of 0.05 USD per second.
   */
  steps?: ScriptStep[];
}

/**
 * A `pending` step.
 * @param progress Percent done, 0–100; `undefined`: not reported.
 * @example
 * ```ts
 * new ScriptedVideoProvider({ jobs: [{ steps: [scriptedPending(10), scriptedPending(90), scriptedDone()] }] });
 * ```
 */
export function scriptedPending(progress?: number): ScriptStep {
  return progress === undefined ? { state: 'pending' } : { state: 'pending', progress };
}

/**
 * A `done` step; the video URL and duration default at run time (see {@link ScriptedDoneStatus}).
 * @param overrides Fields to set, e.g. `{ usage: { costUsd: 0.3 } }` or `{ video: { url: 'https://cdn.test/x.mp4' } }`.
 */
export function scriptedDone(overrides: Omit<ScriptedDoneStatus, 'state'> = {}): ScriptStep {
  return { state: 'done', ...overrides };
}

/**
 * A `failed` step.
 * @param code The provider's error code. @default 'generation_failed'
 * @param options `message` (default `'The scripted job failed'`) and `retryable` (default `false`).
 */
export function scriptedFailed(
  code = 'generation_failed',
  options: { message?: string; retryable?: boolean } = {},
): ScriptStep {
  return { state: 'failed', code, message: options.message ?? 'The scripted job failed', retryable: options.retryable ?? false };
}

import {
  InvalidRequestError,
  ProviderError,
  UnsupportedCapabilityError,
  type CallOptions,
  type ProviderSubmitResult,
  type ProviderVideoInput,
  type ProviderVideoStatus,
  type VideoProvider,
  type UrlPolicyOptions,
  type VideoProviderCapabilities,
} from '@ring/video-conductor';
import { createTestMp4 } from './create-test-mp4.js';
import { publicTestLookup } from './public-test-lookup.js';
import { createVideoResponse } from './create-video-response.js';
import { scriptedPending, type ScriptStep, type VideoJobScript } from './scripted-video-job.js';

/** Options of {@link ScriptedVideoProvider}. */
export interface ScriptedVideoProviderOptions {
  /** Provider id stored in ledger rows. @default 'scripted' */
  id?: string;
  /**
   * Overrides of the capabilities. Defaults: every operation and `cancel` supported,
   * durations 1–15 s, resolutions `480p` and `720p`, the seven xAI aspect ratios.
   * With `cancel: false` the provider has no `cancel` method.
   */
  capabilities?: Partial<VideoProviderCapabilities>;
  /**
   * How each submitted job behaves. An array: the n-th `submit` call (0-based, counting
   * every call) follows `jobs[n]`, and calls past its end follow the default script. A
   * function: called with each submitted input and that index. `undefined`: every job
   * follows the default script (`pending` at 50 %, then `done`).
   */
  jobs?: VideoJobScript[] | ((input: ProviderVideoInput, index: number) => VideoJobScript);
  /** The bytes {@link ScriptedVideoProvider.fetch} serves for finished jobs. @default createTestMp4() */
  videoBytes?: Uint8Array;
  /** Prefix of the default video URLs, `${baseUrl}${requestId}.mp4`. End it with `/`. @default 'https://scripted.video.test/' */
  baseUrl?: string;
}

/** One call the provider received, in order. */
export interface ScriptedVideoProviderCall {
  method: 'submit' | 'getStatus' | 'cancel';
  /** A copy of the submitted input (`submit` only). */
  input?: ProviderVideoInput;
  /** The request id asked about (`getStatus` and `cancel` only). */
  requestId?: string;
}

/** State of one accepted job. */
interface ScriptedJob {
  input: ProviderVideoInput;
  steps: ScriptStep[];
  /** How many `getStatus` calls the job has answered: the index of the next step. */
  statusCalls: number;
  cancelled: boolean;
}

/** Price of the default script, in USD per second of video (xAI's draft rate). */
const defaultUsdPerSecond = 0.05;

/** The default capabilities: everything, with xAI's ranges. */
const defaultCapabilities: VideoProviderCapabilities = {
  textToVideo: true,
  imageToVideo: true,
  edit: true,
  extend: true,
  cancel: true,
  durations: { min: 1, max: 15 },
  resolutions: ['480p', '720p'],
  aspectRatios: ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3'],
};

/**
 * A {@link VideoProvider} that plays scripts instead of calling a vendor: the conductor's
 * tests drive every path (slow jobs, failures, moderation, errors on a chosen call,
 * broken downloads) without a network and without spending money.
 *
 * Request ids are `job-1`, `job-2`, … in the order jobs are accepted. Every call is
 * recorded in {@link ScriptedVideoProvider.calls}. {@link ScriptedVideoProvider.fetch}
 * serves the finished videos, so it can be injected wherever the conductor downloads.
 * An already-aborted `signal` makes any method reject with its reason (the call is still
 * recorded, but no job is started).
 *
 * @example
 * ```ts
 * const provider = new ScriptedVideoProvider({
 *   jobs: [
 *     { steps: [scriptedPending(10), { error: new RateLimitError('slow down', { provider: 'scripted' }) }, scriptedDone()] },
 *     { submitError: new ProviderError('POST /videos failed with 503', { provider: 'scripted', status: 503 }) },
 *   ],
 * });
 * const { requestId } = await provider.submit({ operation: 'generate', model: 'm', prompt: 'a fox', durationSec: 6 });
 * await provider.getStatus(requestId); // { state: 'pending', progress: 10 }
 * provider.failDownloads = 1; // the next fetch of the video answers 500
 * ```
 */
export class ScriptedVideoProvider implements VideoProvider {
  readonly specificationVersion = 'v1' as const;
  /** Provider id. @default 'scripted' */
  readonly id: string;
  readonly capabilities: VideoProviderCapabilities;
  /** Every call received, oldest first. */
  readonly calls: ScriptedVideoProviderCall[] = [];
  /** Every URL passed to {@link ScriptedVideoProvider.fetch}, oldest first. */
  readonly downloads: string[] = [];
  /**
   * How many of the next `fetch` calls answer `500 Internal Server Error` (each one
   * counts down by one). Set it at any time.
   * @default 0
   */
  failDownloads = 0;
  /**
   * How many of the next successful downloads send the headers and about half the body,
   * then error the body stream like a dropped connection (each one counts down by one).
   * @default 0
   */
  breakDownloads = 0;
  /**
   * Cancels a job: every later `getStatus` answers
   * `{ state: 'failed', code: 'cancelled', retryable: false }`. Present only when
   * `capabilities.cancel` is true, as the port requires.
   * @throws ProviderError `JOB_NOT_FOUND` (status 404) for an unknown request id.
   */
  readonly cancel?: (requestId: string, options?: CallOptions) => Promise<void>;

  readonly #jobs = new Map<string, ScriptedJob>();
  readonly #scripts: ScriptedVideoProviderOptions['jobs'];
  readonly #videoBytes: Uint8Array;
  readonly #baseUrl: string;
  /** URLs handed out by `done` statuses: the ones {@link ScriptedVideoProvider.fetch} serves. */
  readonly #servedUrls = new Set<string>();

  constructor(options: ScriptedVideoProviderOptions = {}) {
    this.id = options.id ?? 'scripted';
    this.capabilities = { ...defaultCapabilities, ...options.capabilities };
    this.#scripts = options.jobs;
    this.#videoBytes = options.videoBytes ?? createTestMp4();
    this.#baseUrl = options.baseUrl ?? 'https://scripted.video.test/';
    if (this.capabilities.cancel) this.cancel = (requestId, callOptions) => this.#cancel(requestId, callOptions);
  }

  /** How many times `submit` was called (accepted or not). */
  get submitCount(): number {
    return this.calls.filter((call) => call.method === 'submit').length;
  }

  /**
   * Accepts a job (or throws its script's `submitError`).
   * @throws UnsupportedCapabilityError when the capabilities exclude the operation.
   * @throws InvalidRequestError (field `sourceVideoUrl`) for an edit or extension without a source video.
   */
  async submit(input: ProviderVideoInput, options: CallOptions = {}): Promise<ProviderSubmitResult> {
    const index = this.submitCount;
    this.calls.push({ method: 'submit', input: structuredClone(input) });
    options.signal?.throwIfAborted();
    this.#checkCapabilities(input);
    const script = typeof this.#scripts === 'function' ? this.#scripts(input, index) : this.#scripts?.[index];
    if (script?.submitError !== undefined) throw script.submitError;

    const requestId = `job-${this.#jobs.size + 1}`;
    const steps =
      script?.steps !== undefined && script.steps.length > 0
        ? // Copy the statuses (a test may reuse its script array) but keep errors as they
          // are: structuredClone would turn a RateLimitError into a plain Error.
          script.steps.map((step) => ('error' in step ? step : structuredClone(step)))
        : defaultSteps(input);
    this.#jobs.set(requestId, { input: structuredClone(input), steps, statusCalls: 0, cancelled: false });
    return { requestId };
  }

  /**
   * The job's next scripted status (the last one repeats); throws the step's `error` for
   * an `{ error }` step.
   * @throws ProviderError `JOB_NOT_FOUND` (status 404) for an unknown request id.
   */
  async getStatus(requestId: string, options: CallOptions = {}): Promise<ProviderVideoStatus> {
    this.calls.push({ method: 'getStatus', requestId });
    options.signal?.throwIfAborted();
    const job = this.#job(requestId, 'getStatus');
    if (job.cancelled) return { state: 'failed', code: 'cancelled', message: 'The job was cancelled', retryable: false };

    const step = job.steps[Math.min(job.statusCalls, job.steps.length - 1)];
    job.statusCalls += 1;
    if (step === undefined) throw new Error('unreachable: a job always has at least one step');
    if ('error' in step) throw step.error;
    if (step.state !== 'done') return structuredClone(step);

    const durationSec = step.video?.durationSec ?? job.input.durationSec;
    const done: Extract<ProviderVideoStatus, { state: 'done' }> = {
      state: 'done',
      video: {
        ...step.video,
        url: step.video?.url ?? `${this.#baseUrl}${requestId}.mp4`,
        ...(durationSec === undefined ? {} : { durationSec }),
      },
    };
    if (step.usage !== undefined) done.usage = { ...step.usage };
    if (step.warnings !== undefined) done.warnings = structuredClone(step.warnings);
    this.#servedUrls.add(normalizeUrl(done.video.url));
    return done;
  }

  /**
   * A `fetch` for the videos of finished jobs: `GET` (or `HEAD`) of a URL a `done` status
   * handed out answers `200` with the video bytes (`content-type: video/mp4`,
   * `content-length`), streamed in 64 KiB chunks; any other URL answers `404`, any other
   * method `405`. Honours `failDownloads`, `breakDownloads` and the request's signal.
   */
  /**
   * The URL policy its made-up video URLs need: their host names resolve nowhere, so this
   * policy resolves every name to a public test address ({@link publicTestLookup}). Give it
   * to the conductor as `urlPolicy` together with {@link ScriptedVideoProvider.fetch}.
   */
  readonly urlPolicy: UrlPolicyOptions = { lookup: publicTestLookup };

  readonly fetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    this.downloads.push(request.url);
    request.signal.throwIfAborted();
    if (this.failDownloads > 0) {
      this.failDownloads -= 1;
      return new Response('scripted download failure', { status: 500, statusText: 'Internal Server Error' });
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed', { status: 405, statusText: 'Method Not Allowed' });
    }
    if (!this.#servedUrls.has(request.url)) {
      return new Response('not found', { status: 404, statusText: 'Not Found' });
    }
    const breakMidway = this.breakDownloads > 0 && request.method === 'GET';
    if (breakMidway) this.breakDownloads -= 1;
    return createVideoResponse(this.#videoBytes, { signal: request.signal, breakMidway, headOnly: request.method === 'HEAD' });
  };

  async #cancel(requestId: string, options: CallOptions = {}): Promise<void> {
    this.calls.push({ method: 'cancel', requestId });
    options.signal?.throwIfAborted();
    this.#job(requestId, 'cancel').cancelled = true;
  }

  #job(requestId: string, method: string): ScriptedJob {
    const job = this.#jobs.get(requestId);
    if (job === undefined) {
      throw new ProviderError(`${method} of job "${requestId}" failed with 404: no such job`, {
        provider: this.id,
        code: 'JOB_NOT_FOUND',
        status: 404,
        requestId,
      });
    }
    return job;
  }

  #checkCapabilities(input: ProviderVideoInput): void {
    const capability =
      input.operation === 'edit'
        ? 'edit'
        : input.operation === 'extend'
          ? 'extend'
          : input.imageUrl === undefined
            ? 'textToVideo'
            : 'imageToVideo';
    if (!this.capabilities[capability]) {
      throw new UnsupportedCapabilityError(`Provider "${this.id}" does not support ${capability}`, {
        field: capability === 'imageToVideo' ? 'imageUrl' : 'operation',
        capability,
        provider: this.id,
      });
    }
    if ((input.operation === 'edit' || input.operation === 'extend') && input.sourceVideoUrl === undefined) {
      throw new InvalidRequestError(`Invalid ${input.operation} request: sourceVideoUrl is required`, {
        field: 'sourceVideoUrl',
        provider: this.id,
      });
    }
  }
}

/** The default script: half done, then done at 0.05 USD per second. */
function defaultSteps(input: ProviderVideoInput): ScriptStep[] {
  const { durationSec } = input;
  const done: ScriptStep =
    durationSec === undefined
      ? { state: 'done' }
      : { state: 'done', usage: { costUsd: Math.round(durationSec * defaultUsdPerSecond * 1e6) / 1e6 } };
  return [scriptedPending(50), done];
}

/** The URL as `Request.url` spells it, so a served URL matches however it was written. */
function normalizeUrl(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

import {
  InvalidRequestError,
  ProviderError,
  type CallOptions,
  type ProviderSubmitResult,
  type ProviderVideoInput,
  type ProviderVideoStatus,
  type VideoProvider,
  type UrlPolicyOptions,
  type VideoProviderCapabilities,
  type Warning,
} from '@ring/video-conductor';
import { localVideoFixtureFor, localVideoFixtures } from './local-video-fixture.js';
import { localOutcomeOf, localRequestId, localVideoPath, parseLocalRequestId, requestIdOfLocalVideoPath, type LocalVideoOutcome } from './local-video-job.js';
import { LocalVideoServer } from './local-video-server.js';

/** Options of {@link createLocalVideoProvider}. */
export interface LocalVideoProviderOptions {
  /**
   * How many status calls of a job answer `pending` before it ends (a resumed job in a new
   * process counts again from zero). `0`: the first status call ends it.
   * @default 2
   */
  polls?: number;
  /** The `retryAfterMs` of `pending` statuses, i.e. how soon the conductor polls again, in ms. @default 200 */
  pollIntervalMs?: number;
  /** Port of the loopback server; `0` takes any free port. @default 0 */
  port?: number;
  /**
   * A file that gets one JSON line per accepted submit (`{"requestId","prompt","model",
   * "durationSec","aspectRatio","at"}`), written before `submit` returns — so tests can count
   * what would have been spent, across processes. `undefined`: no log.
   * @default undefined
   */
  submitLogFile?: string;
  /**
   * Chooses each job's outcome. `undefined`: the prompt's marker — `[local:moderated]`,
   * `[local:failed]`, `[local:expired]` (case-insensitive) — or `done` without one.
   * @default prompt markers
   */
  outcome?: (input: ProviderVideoInput) => LocalVideoOutcome;
}

/** The offline provider returned by {@link createLocalVideoProvider}. */
export interface LocalVideoProvider extends VideoProvider {
  readonly id: 'local';
  /** Submits this instance accepted. */
  readonly submitCount: number;
  /** `http://127.0.0.1:<port>` once the server runs; `undefined` before the first finished job. */
  readonly origin: string | undefined;
  /**
   * Downloads over real HTTP with `globalThis.fetch`. A local video URL is sent to this
   * instance's server whatever port it names, so a job finished by an earlier process (a
   * killed CLI) can still be downloaded after a restart, like a CDN URL outlives the
   * process that received it. Give it to the conductor as its `fetch`.
   */
  fetch: typeof globalThis.fetch;
  /**
   * The URL policy its downloads need: its videos are served over `http:` on loopback,
   * which the conductor's default policy refuses. Give it to the conductor as `urlPolicy`
   * (allows `http:` and private addresses, for host `127.0.0.1` only).
   */
  readonly urlPolicy: UrlPolicyOptions;
  /** Cancels a job of this process: its later status calls answer `failed` (`cancelled`). */
  cancel(requestId: string, options?: CallOptions): Promise<void>;
  /** Stops the loopback server. Idempotent; later calls that need the server reject. */
  close(): Promise<void>;
}

/** Everything the local provider can play: any operation, xAI's ranges. */
const localCapabilities: VideoProviderCapabilities = {
  textToVideo: true,
  imageToVideo: true,
  edit: true,
  extend: true,
  cancel: true,
  durations: { min: 1, max: 15 },
  resolutions: ['480p', '720p'],
  aspectRatios: ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3'],
};

const providerId = 'local';

function checkWholeNumber(field: string, value: number, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new InvalidRequestError(`${field} must be a whole number from 0 to ${max}, got ${String(value)}`, { field });
  }
  return value;
}

/**
 * An offline {@link VideoProvider} (id `local`) for demos, tests and trying the SDK without
 * keys: every job ends after a few polls with a **real** small MP4 (H.264 test pattern,
 * {@link localVideoFixtures}) served from a loopback HTTP server (`node:http` on
 * `127.0.0.1`, started on first use). So an offline run goes through the whole real path:
 * plan → ledger → submit → poll → streamed download over HTTP → storage → ledger. Nothing
 * leaves the machine and nothing is billed (`usage.costUsd` is 0).
 *
 * - Outcomes: a prompt containing `[local:moderated]`, `[local:failed]` or `[local:expired]`
 *   ends that way (or pass `outcome`).
 * - The video follows the requested aspect ratio: 9:16 (also 3:4, 2:3) portrait, 1:1 square,
 *   anything else 16:9. Clips are 1 s long whatever the requested duration, and the status
 *   says so (`durationSec: 1`). Images and source videos are not looked at (a warning says so).
 * - Request ids carry the job (`local-<outcome>-<fixture>-<uuid>`), so a restarted process
 *   answers for jobs submitted by an earlier one.
 *
 * Call {@link LocalVideoProvider.close} when done (the server does not keep the process alive).
 *
 * @example
 * ```ts
 * import { createVideoConductor, MemoryLedger } from '@ring/video-conductor';
 * import { createFsStorage } from '@ring/video-conductor/fs';
 * import { createLocalVideoProvider } from '@ring/video-conductor/local';
 *
 * const provider = createLocalVideoProvider({ polls: 2, pollIntervalMs: 100 });
 * const conductor = createVideoConductor({
 *   provider,
 *   fetch: provider.fetch,
 *   urlPolicy: provider.urlPolicy, // its videos are on http://127.0.0.1: opt in explicitly
 *   storage: createFsStorage({ directory: './media' }),
 *   ledger: new MemoryLedger(),
 *   polling: { intervalMs: 100 },
 * });
 * const result = await conductor.generate({ prompt: 'A fox in the snow', aspectRatio: '9:16' });
 * await provider.close();
 * ```
 */
export function createLocalVideoProvider(options: LocalVideoProviderOptions = {}): LocalVideoProvider {
  const polls = checkWholeNumber('polls', options.polls ?? 2, 1000);
  const pollIntervalMs = checkWholeNumber('pollIntervalMs', options.pollIntervalMs ?? 200, 3_600_000);
  const port = checkWholeNumber('port', options.port ?? 0, 65_535);
  const server = new LocalVideoServer(port, providerId);
  const statusCalls = new Map<string, number>();
  const cancelled = new Set<string>();
  let submitCount = 0;

  const jobOf = (requestId: string, method: string) => {
    const job = parseLocalRequestId(requestId);
    if (job === undefined) {
      throw new ProviderError(`${method} of local job "${requestId}" failed with 404: not a local request id`, {
        provider: providerId,
        code: 'JOB_NOT_FOUND',
        status: 404,
        requestId,
      });
    }
    return job;
  };

  const appendSubmitLog = async (line: Record<string, unknown>) => {
    if (options.submitLogFile === undefined) return;
    const { appendFile } = await import('node:fs/promises');
    await appendFile(options.submitLogFile, `${JSON.stringify(line)}\n`);
  };

  return {
    specificationVersion: 'v1',
    id: providerId,
    capabilities: localCapabilities,
    get submitCount() {
      return submitCount;
    },
    get origin() {
      return server.currentOrigin;
    },

    async submit(input: ProviderVideoInput, callOptions: CallOptions = {}): Promise<ProviderSubmitResult> {
      callOptions.signal?.throwIfAborted();
      if ((input.operation === 'edit' || input.operation === 'extend') && input.sourceVideoUrl === undefined) {
        throw new InvalidRequestError(`Invalid ${input.operation} request: sourceVideoUrl is required`, { field: 'sourceVideoUrl', provider: providerId });
      }
      const outcome = options.outcome?.(input) ?? localOutcomeOf(input.prompt);
      const fixture = localVideoFixtureFor(input.aspectRatio);
      const requestId = localRequestId(outcome, fixture.name);
      await appendSubmitLog({
        requestId,
        prompt: input.prompt,
        model: input.model,
        durationSec: input.durationSec ?? null,
        aspectRatio: input.aspectRatio ?? null,
        at: new Date().toISOString(),
      });
      submitCount += 1;
      const warnings: Warning[] = [];
      if (input.imageUrl !== undefined) {
        warnings.push({ type: 'unsupported', field: 'imageUrl', detail: 'the local provider does not look at the image; it serves a test pattern' });
      }
      if (input.sourceVideoUrl !== undefined) {
        warnings.push({ type: 'unsupported', field: 'sourceVideoUrl', detail: 'the local provider does not look at the source video; it serves a test pattern' });
      }
      return warnings.length === 0 ? { requestId } : { requestId, warnings };
    },

    async getStatus(requestId: string, callOptions: CallOptions = {}): Promise<ProviderVideoStatus> {
      callOptions.signal?.throwIfAborted();
      const job = jobOf(requestId, 'getStatus');
      if (cancelled.has(requestId)) return { state: 'failed', code: 'cancelled', message: 'The job was cancelled', retryable: false };
      const seen = statusCalls.get(requestId) ?? 0;
      statusCalls.set(requestId, seen + 1);
      if (seen < polls) {
        return { state: 'pending', progress: Math.round((100 * (seen + 1)) / (polls + 1)), retryAfterMs: pollIntervalMs };
      }
      switch (job.outcome) {
        case 'moderated':
          return { state: 'moderated', message: 'The local provider moderated this job, as its prompt asked ([local:moderated])', usage: { costUsd: 0 } };
        case 'failed':
          return { state: 'failed', code: 'local_failure', message: 'The local provider failed this job, as its prompt asked ([local:failed])', retryable: false };
        case 'expired':
          return { state: 'expired' };
        case 'done': {
          const origin = await server.origin();
          const fixture = localVideoFixtures[job.fixture];
          return {
            state: 'done',
            video: { url: `${origin}${localVideoPath(requestId)}`, durationSec: fixture.durationSec, contentType: 'video/mp4' },
            usage: { costUsd: 0 },
          };
        }
      }
    },

    async cancel(requestId: string, callOptions: CallOptions = {}): Promise<void> {
      callOptions.signal?.throwIfAborted();
      jobOf(requestId, 'cancel');
      cancelled.add(requestId);
    },

    urlPolicy: { allowHttp: true, allowPrivateAddresses: true, allowedHosts: ['127.0.0.1'] },

    fetch: async (input, init) => {
      const request = new Request(input, init);
      const url = new URL(request.url);
      if (url.protocol === 'http:' && url.hostname === '127.0.0.1' && requestIdOfLocalVideoPath(url.pathname) !== undefined) {
        const origin = await server.origin();
        return globalThis.fetch(new Request(`${origin}${url.pathname}`, request));
      }
      return globalThis.fetch(request);
    },

    close: () => server.close(),
  };
}

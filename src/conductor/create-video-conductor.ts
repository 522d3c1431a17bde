import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { LedgerError } from '../errors/ledger-error.js';
import { VideoConductorError } from '../errors/video-conductor-error.js';
import { unfinishedVideoStatuses } from '../ledger/video-statuses.js';
import type { GenerateVideoRequest } from '../plan/generate-video-request.js';
import { resolveVideoPlan } from '../plan/resolve-video-plan.js';
import type { VideoPlan } from '../plan/video-plan.js';
import type { VideoRecord } from '../ports/video-record.js';
import { type ReadableVideoUrl, readableUrlOf, withReadableRecordUrls, withReadableResultUrls } from './readable-url.js';
import { followFrom, followJob, resolvePending } from './follow-job.js';
import type { GenerateVideoResult } from './generate-video-result.js';
import { conductorDependencies } from './conductor-dependencies.js';
import { InFlightJobs } from './in-flight-jobs.js';
import { type CallContext, type ConductorDependencies, createEmitter, isAbortOf } from './job-context.js';
import { readNotes, resultFromRecord } from './record-outcome.js';
import { claimStaleRecords, recordCancelled } from './record-transitions.js';
import { claimQueued } from './queued-job.js';
import { type StartedJob, startJob, submitJob } from './submit-job.js';
import {
  type GenerateOptions,
  type RecoverOptions,
  type RecoverReport,
  type ReservedVideo,
  type ReserveOptions,
  type SubmittedVideo,
  type VideoConductor,
  type VideoConductorOptions,
} from './video-conductor.js';

/**
 * Creates a conductor: the one object an app calls to turn requests into stored videos.
 *
 * @example
 * ```ts
 * import { createVideoConductor } from '@ring/video-conductor';
 * import { createXai } from '@ring/video-conductor/xai';
 * import { createFsStorage } from '@ring/video-conductor/fs';
 *
 * const xai = createXai();
 * const conductor = createVideoConductor({
 *   provider: xai.video,
 *   imageProvider: xai.image,
 *   storage: createFsStorage({ directory: './media' }),
 * });
 * const result = await conductor.generate({ prompt: 'A drone shot over Kyiv at dawn', durationSec: 6 });
 * if (result.success) console.log(result.video.url, result.sha256);
 * ```
 */
export function createVideoConductor(options: VideoConductorOptions): VideoConductor {
  const deps = conductorDependencies(options);
  const maxConcurrentJobs = options.maxConcurrentJobs ?? Number.POSITIVE_INFINITY;
  if (!(maxConcurrentJobs >= 1)) {
    throw new InvalidRequestError(`maxConcurrentJobs must be at least 1, got ${maxConcurrentJobs}`, { field: 'maxConcurrentJobs' });
  }
  return new Conductor(deps, maxConcurrentJobs);
}

/** The public API; each method hands the job to the phase that owns it. */
class Conductor implements VideoConductor {
  private readonly jobs: InFlightJobs;

  constructor(
    private readonly deps: ConductorDependencies,
    maxConcurrentJobs: number,
  ) {
    this.jobs = new InFlightJobs(deps, maxConcurrentJobs);
  }

  get presets() {
    return this.deps.presets;
  }

  estimate(request: GenerateVideoRequest): VideoPlan {
    const { provider, imageProvider } = this.deps;
    const plan = resolveVideoPlan(request, this.deps.presets, { capabilities: provider.capabilities, providerId: provider.id });
    if (plan.image.source === 'first-frame-prompt' && imageProvider === undefined) {
      throw new InvalidRequestError('Invalid video request: firstFramePrompt needs an image provider; pass imageProvider to createVideoConductor or give imageUrl', {
        field: 'firstFramePrompt',
      });
    }
    if (request.thumbnail !== undefined && request.thumbnail !== false) {
      if (this.deps.thumbnailRenderer === undefined) {
        plan.warnings.push({ type: 'unsupported', field: 'thumbnail', detail: 'no thumbnail renderer is configured' });
      } else if (this.deps.storage === undefined) {
        plan.warnings.push({ type: 'unsupported', field: 'thumbnail', detail: 'thumbnails need a storage to be stored in' });
      }
    }
    return plan;
  }

  async get(recordId: string): Promise<VideoRecord | null> {
    const record = await this.deps.ledger.get(recordId);
    return record === null ? null : withReadableRecordUrls(this.deps.storage, record);
  }

  async url(recordId: string): Promise<ReadableVideoUrl | null> {
    return readableUrlOf(this.deps.storage, await this.require(recordId), this.deps.clock.now());
  }

  async generate(request: GenerateVideoRequest, options: GenerateOptions = {}): Promise<GenerateVideoResult> {
    const call = this.callContext(options);
    const started = await this.start(request, call);
    if ('existing' in started) return this.readable(await this.continueExisting(started.existing, call));
    return this.run(started, call);
  }

  async reserve(request: GenerateVideoRequest, options: ReserveOptions = {}): Promise<ReservedVideo> {
    const deps = options.ledger === undefined ? this.deps : { ...this.deps, ledger: options.ledger };
    const started = await startJob(deps, this.jobs, request, this.estimate(request), this.callContext(options), 'queued');
    const record = 'existing' in started ? started.existing : started.record;
    return { recordId: record.id, record, plan: started.plan, created: !('existing' in started) };
  }

  async submit(request: GenerateVideoRequest, options: Omit<GenerateOptions, 'timeoutMs'> = {}): Promise<SubmittedVideo> {
    const call = this.callContext(options);
    const started = await this.start(request, call);
    if ('existing' in started) {
      const existing = started.existing;
      if (existing.requestId === null) {
        throw new VideoConductorError(`Video job ${existing.id} (idempotency key) has no request id yet`, { code: 'JOB_IN_PROGRESS', isRetryable: true });
      }
      const notes = readNotes(existing);
      return { recordId: existing.id, requestId: existing.requestId, plan: started.plan, warnings: notes.warnings };
    }
    return this.jobs.track(started.record.id, call, async () => {
      const submitted = await submitJob(this.deps, started.record, started.plan, call);
      if ('result' in submitted) {
        throw new VideoConductorError(`Video job ${started.record.id} was blocked by moderation before the provider accepted it (first frame or submit)`, { code: 'MODERATED' });
      }
      return { recordId: submitted.record.id, requestId: submitted.record.requestId!, plan: started.plan, warnings: readNotes(submitted.record).warnings };
    });
  }

  async resume(recordId: string, options: GenerateOptions = {}): Promise<GenerateVideoResult> {
    const call = this.callContext(options);
    const record = await this.require(recordId);
    if (record.status === 'queued') {
      const started = await claimQueued(this.deps, record, (request) => this.estimate(request), call);
      if (!('existing' in started)) return this.run(started, call);
    }
    return this.readable(await this.withAbortPolicy(recordId, call, async () => this.continueExisting(await this.require(recordId), call)));
  }

  async persist(recordId: string, options: GenerateOptions = {}): Promise<GenerateVideoResult> {
    const record = await this.require(recordId);
    if (record.status === 'succeeded') return this.readable(resultFromRecord(record));
    if (record.status !== 'persisting' && record.status !== 'persist_failed') {
      throw new VideoConductorError(
        `Video job ${recordId} is ${record.status}: only persist_failed or persisting jobs can be persisted; use resume() for the others`,
        { code: 'INVALID_STATE' },
      );
    }
    const call = this.callContext(options);
    return this.jobs.track(recordId, call, () => followFrom(this.deps, record, call, true));
  }

  async cancel(recordId: string): Promise<VideoRecord> {
    const record = await this.require(recordId);
    if (!unfinishedVideoStatuses.includes(record.status) && record.status !== 'timed_out') return record;
    if (record.status === 'persisting') return record;
    const { provider } = this.deps;
    const canCancel = provider.capabilities.cancel && provider.cancel !== undefined;
    if (record.requestId !== null && canCancel) await provider.cancel!(record.requestId);
    try {
      return await recordCancelled(this.deps, record, canCancel);
    } catch {
      // The row moved on meanwhile (e.g. it finished): report it as it is now.
      return (await this.deps.ledger.get(recordId)) ?? record;
    }
  }

  async recover(options: RecoverOptions = {}, callOptions: Omit<GenerateOptions, 'onAbort'> = {}): Promise<RecoverReport> {
    const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const claimed = await claimStaleRecords(this.deps, {
      olderThanMs: options.staleAfterMs ?? 120_000,
      owner,
      leaseMs: options.leaseMs ?? (callOptions.timeoutMs ?? this.deps.timeoutMs) + 60_000,
      limit: options.limit ?? 10,
    });
    const call = this.callContext(callOptions);
    const outcomes = await Promise.all(
      claimed.map(async (record): Promise<RecoverReport['outcomes'][number]> => {
        try {
          const result =
            record.status === 'pending'
              ? await resolvePending(this.deps, record, { stale: true })
              : await this.jobs.track(record.id, call, () => followJob(this.deps, record, call, { pollImmediately: true }));
          return { recordId: record.id, status: result.status };
        } catch (error) {
          if (isAbortOf(error, call.signal)) throw error;
          const now = await this.deps.ledger.get(record.id);
          const code = VideoConductorError.isInstance(error) ? error.code : 'UNEXPECTED_ERROR';
          return { recordId: record.id, status: now?.status ?? record.status, error: { code, message: (error as Error)?.message ?? String(error) } };
        }
      }),
    );
    return { claimed: claimed.length, outcomes };
  }

  /** Writes the row (or finds the row of the idempotency key); a `queued` one is taken for this call. */
  private async start(request: GenerateVideoRequest, call: CallContext): Promise<StartedJob> {
    const started = await startJob(this.deps, this.jobs, request, this.estimate(request), call);
    if (!('existing' in started) || started.existing.status !== 'queued') return started;
    return claimQueued(this.deps, started.existing, (queued) => this.estimate(queued), call);
  }

  /** A new `pending` row's job: first frame, submit, then poll and persist. */
  private run(started: { record: VideoRecord; plan: VideoPlan }, call: CallContext): Promise<GenerateVideoResult> {
    return this.withAbortPolicy(started.record.id, call, () =>
      this.jobs.track(started.record.id, call, async () => {
        const submitted = await submitJob(this.deps, started.record, started.plan, call);
        if ('result' in submitted) return submitted.result;
        // Through followJob, so a worker that took the job over meanwhile is joined, not fought.
        return followJob(this.deps, submitted.record, call, { pollImmediately: false });
      }),
    );
  }

  /** A result read back from a row: URLs of an expiring storage minted now (a fresh job's are fresh already). */
  private readable(result: GenerateVideoResult): Promise<GenerateVideoResult> {
    return withReadableResultUrls(this.deps.storage, result, this.deps.clock.now());
  }

  private async require(recordId: string): Promise<VideoRecord> {
    const record = await this.deps.ledger.get(recordId);
    if (record === null) {
      throw new LedgerError(`No video record ${recordId}`, { ledger: this.deps.ledger.id, recordId, code: 'RECORD_NOT_FOUND' });
    }
    return record;
  }

  /** With `onAbort: 'cancel'`, an abort after submit also cancels the job (see {@link cancel}). */
  private async withAbortPolicy<T>(recordId: string, call: CallContext, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (call.onAbort === 'cancel' && isAbortOf(error, call.signal)) await this.cancel(recordId).catch(() => {});
      throw error;
    }
  }

  private callContext(options: GenerateOptions): CallContext {
    return {
      signal: options.signal,
      onAbort: options.onAbort ?? 'detach',
      timeoutMs: options.timeoutMs ?? this.deps.timeoutMs,
      emit: createEmitter(options.onEvent),
    };
  }

  /** Joins a job this process is already running, or follows it from its row. */
  private async continueExisting(record: VideoRecord, call: CallContext): Promise<GenerateVideoResult> {
    const running = this.jobs.runningJob(record.id);
    if (running !== undefined) {
      await running.catch(() => {});
      const fresh = (await this.deps.ledger.get(record.id)) ?? record;
      return this.continueExisting(fresh, call);
    }
    return this.jobs.track(record.id, call, () => followJob(this.deps, record, call, { pollImmediately: true }));
  }
}

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { systemClock, systemSleep } from '../clock.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { LedgerError } from '../errors/ledger-error.js';
import { ModerationError } from '../errors/moderation-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { VideoConductorError } from '../errors/video-conductor-error.js';
import { fetchWithUrlPolicy } from '../net/fetch-with-url-policy.js';
import { Semaphore } from '../internal/semaphore.js';
import { MemoryLedger } from '../ledger/memory-ledger.js';
import { activeVideoStatuses } from '../ledger/video-statuses.js';
import type { GenerateVideoRequest } from '../plan/generate-video-request.js';
import { resolveVideoPlan } from '../plan/resolve-video-plan.js';
import type { VideoPlan } from '../plan/video-plan.js';
import type { GeneratedImage } from '../ports/image-provider.js';
import type { ProviderVideoInput } from '../ports/video-provider.js';
import type { FirstFrameInfo, NewVideoRecord, VideoRecord, VideoRecordPatch } from '../ports/video-record.js';
import type { Warning } from '../ports/warning.js';
import { getDefaultVideoPresets } from '../presets/video-presets.js';
import { checkBudget } from './budget.js';
import { submitStartedNothing } from './submit-outcome.js';
import type { GenerateVideoResult } from './generate-video-result.js';
import { type CallContext, type ConductorDependencies, createEmitter, isAbortOf } from './job-context.js';
import { JobRunner } from './job-runner.js';
import { costDriftWarning, readNotes, resultFromRecord, toRecordError, withNotes, withWarnings } from './record-outcome.js';
import {
  defaultDownloadTimeoutMs,
  defaultMaxVideoBytes,
  type GenerateOptions,
  type RecoverOptions,
  type RecoverReport,
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
  const clock = options.clock ?? systemClock;
  const deps: ConductorDependencies = {
    provider: options.provider,
    imageProvider: options.imageProvider,
    storage: options.storage,
    thumbnailRenderer: options.thumbnailRenderer,
    ledger: options.ledger ?? new MemoryLedger({ clock }),
    presets: options.presets ?? getDefaultVideoPresets(),
    fetch: policedFetch(options),
    clock,
    sleep: options.sleep ?? systemSleep,
    random: options.random ?? Math.random,
    generateId: options.generateId ?? randomUUID,
    intervalMs: options.polling?.intervalMs ?? 5000,
    jitter: options.polling?.jitter ?? 0.2,
    timeoutMs: options.polling?.timeoutMs ?? 600_000,
    keyPrefix: options.keyPrefix ?? 'videos/',
    persistRetries: options.persistRetries ?? 2,
    pendingGraceMs: options.pendingGraceMs ?? 60_000,
    budget: options.budget,
    downloadStallTimeoutMs: options.downloadStallTimeoutMs ?? 60_000,
    downloadTimeoutMs: positive(options.downloadTimeoutMs, 'downloadTimeoutMs') ?? defaultDownloadTimeoutMs,
    maxVideoBytes: positive(options.maxVideoBytes, 'maxVideoBytes') ?? defaultMaxVideoBytes,
    heartbeatMs: options.heartbeatMs ?? 30_000,
  };
  const maxConcurrentJobs = options.maxConcurrentJobs ?? Number.POSITIVE_INFINITY;
  if (!(maxConcurrentJobs >= 1)) {
    throw new InvalidRequestError(`maxConcurrentJobs must be at least 1, got ${maxConcurrentJobs}`, { field: 'maxConcurrentJobs' });
  }
  return new Conductor(deps, maxConcurrentJobs);
}

/**
 * The conductor's downloads go through its URL policy: each hop is checked before the
 * injected (or global) `fetch` sends anything to it.
 */
function policedFetch(options: VideoConductorOptions): typeof globalThis.fetch {
  const base = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const policy = options.urlPolicy ?? {};
  return (input, init) =>
    fetchWithUrlPolicy(input instanceof Request ? input.url : String(input), { signal: init?.signal ?? undefined }, policy, base);
}

/** A positive number option, or `undefined` when unset. */
function positive(value: number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (!(typeof value === 'number' && value > 0)) {
    throw new InvalidRequestError(`${field} must be a positive number, got ${String(value)}`, { field });
  }
  return value;
}

/**
 * What the provider is asked. Edits follow their source video, so the plan's duration, aspect
 * ratio and resolution are not sent; extensions send only the added duration. A caller who
 * set an ignored field explicitly already got an `unsupported` warning from the plan.
 */
function providerInput(plan: VideoPlan, record: VideoRecord): ProviderVideoInput {
  const input: ProviderVideoInput = { operation: plan.operation, model: plan.model, prompt: plan.prompt };
  if (plan.operation === 'generate') {
    input.durationSec = plan.durationSec;
    // null: an image starts the video and keeps its shape; a ratio sent would stretch it.
    if (plan.aspectRatio !== null) input.aspectRatio = plan.aspectRatio;
    input.resolution = plan.resolution;
    if (record.imageUrl !== null) input.imageUrl = record.imageUrl;
    if (plan.referenceImageUrls !== undefined) input.referenceImageUrls = [...plan.referenceImageUrls];
    if (plan.lastFrameUrl !== undefined) input.lastFrameUrl = plan.lastFrameUrl;
    if (plan.generateAudio !== undefined) input.generateAudio = plan.generateAudio;
  }
  // An extension's duration is the length of the added segment.
  if (plan.operation === 'extend') input.durationSec = plan.durationSec;
  if (plan.sourceVideoUrl !== undefined) input.sourceVideoUrl = plan.sourceVideoUrl;
  if (plan.user !== undefined) input.user = plan.user;
  return input;
}

/** The plan's image when a first frame is to be generated. */
type FirstFramePlan = Extract<VideoPlan['image'], { source: 'first-frame-prompt' }>;

class Conductor implements VideoConductor {
  private readonly runner: JobRunner;
  /** Jobs this process is running, so a second call for the same row joins instead of racing. */
  private readonly inFlight = new Map<string, Promise<unknown>>();
  /** Bounds the jobs running against the provider (`maxConcurrentJobs`); `undefined`: unbounded. */
  private readonly slots: Semaphore | undefined;
  /** Serialises budget check + insert within this process, so two calls cannot both squeeze under a limit. */
  private budgetQueue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly deps: ConductorDependencies,
    maxConcurrentJobs: number,
  ) {
    this.runner = new JobRunner(deps);
    this.slots = Number.isFinite(maxConcurrentJobs) ? new Semaphore(maxConcurrentJobs) : undefined;
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
    return this.deps.ledger.get(recordId);
  }

  async generate(request: GenerateVideoRequest, options: GenerateOptions = {}): Promise<GenerateVideoResult> {
    const call = this.callContext(options);
    const started = await this.start(request, call);
    if ('existing' in started) return this.continueExisting(started.existing, call);
    return this.withAbortPolicy(started.record.id, call, () =>
      this.track(started.record.id, call, async () => {
        const submitted = await this.submitRecord(started.record, started.plan, call);
        if ('result' in submitted) return submitted.result;
        // Through continueFrom, so a worker that took the job over meanwhile is joined, not fought.
        return this.runner.continueFrom(submitted.record, call, { pollImmediately: false });
      }),
    );
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
    return this.track(started.record.id, call, async () => {
      const submitted = await this.submitRecord(started.record, started.plan, call);
      if ('result' in submitted) {
        throw new VideoConductorError(`Video job ${started.record.id} was blocked by moderation before the provider accepted it (first frame or submit)`, { code: 'MODERATED' });
      }
      return { recordId: submitted.record.id, requestId: submitted.record.requestId!, plan: started.plan, warnings: readNotes(submitted.record).warnings };
    });
  }

  async resume(recordId: string, options: GenerateOptions = {}): Promise<GenerateVideoResult> {
    const call = this.callContext(options);
    return this.withAbortPolicy(recordId, call, async () => this.continueExisting(await this.require(recordId), call));
  }

  async persist(recordId: string, options: GenerateOptions = {}): Promise<GenerateVideoResult> {
    const record = await this.require(recordId);
    if (record.status === 'succeeded') return resultFromRecord(record);
    if (record.status !== 'persisting' && record.status !== 'persist_failed') {
      throw new VideoConductorError(
        `Video job ${recordId} is ${record.status}: only persist_failed or persisting jobs can be persisted; use resume() for the others`,
        { code: 'INVALID_STATE' },
      );
    }
    const call = this.callContext(options);
    return this.track(recordId, call, () => this.runner.store(record, call));
  }

  async cancel(recordId: string): Promise<VideoRecord> {
    const record = await this.require(recordId);
    if (!activeVideoStatuses.includes(record.status) && record.status !== 'timed_out') return record;
    if (record.status === 'persisting') return record;
    const { provider } = this.deps;
    if (record.requestId !== null && provider.capabilities.cancel && provider.cancel !== undefined) {
      await provider.cancel(record.requestId);
    }
    try {
      return await this.runner.transition(
        record,
        { status: 'cancelled', error: { code: 'CANCELLED', message: 'cancelled by the caller', retryable: false, step: record.requestId === null ? 'submit' : 'poll' } },
        [record.status],
      );
    } catch {
      // The row moved on meanwhile (e.g. it finished): report it as it is now.
      return (await this.deps.ledger.get(recordId)) ?? record;
    }
  }

  async recover(options: RecoverOptions = {}, callOptions: Omit<GenerateOptions, 'onAbort'> = {}): Promise<RecoverReport> {
    const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    const claimed = await this.deps.ledger.claimStale({
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
              ? await this.runner.resolvePending(record, { stale: true })
              : await this.track(record.id, call, () => this.runner.continueFrom(record, call, { pollImmediately: true }));
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

  /** Joins a job this process is already running, or continues it from its row. */
  private async continueExisting(record: VideoRecord, call: CallContext): Promise<GenerateVideoResult> {
    const running = this.inFlight.get(record.id);
    if (running !== undefined) {
      await running.catch(() => {});
      const fresh = (await this.deps.ledger.get(record.id)) ?? record;
      return this.continueExisting(fresh, call);
    }
    return this.track(record.id, call, () => this.runner.continueFrom(record, call, { pollImmediately: true }));
  }

  /** Runs a job holding a concurrency slot, registered so that other calls for the same row join it. */
  private async track<T>(recordId: string, call: CallContext, run: () => Promise<T>): Promise<T> {
    const promise = this.slots === undefined ? run() : this.slots.run(run, call.signal);
    this.inFlight.set(recordId, promise);
    // The heartbeat: an update with no fields only moves updatedAt, telling other workers'
    // recover() that this job has a live owner. A failed beat is harmless and not retried.
    const heartbeat = setInterval(() => void this.deps.ledger.update(recordId, {}).catch(() => {}), this.deps.heartbeatMs);
    heartbeat.unref?.();
    try {
      return await promise;
    } finally {
      clearInterval(heartbeat);
      if (this.inFlight.get(recordId) === promise) this.inFlight.delete(recordId);
    }
  }

  /** Validates, then writes the `pending` row — or finds the row of the same idempotency key. */
  private async start(
    request: GenerateVideoRequest,
    call: CallContext,
  ): Promise<{ record: VideoRecord; plan: VideoPlan } | { existing: VideoRecord; plan: VideoPlan }> {
    const plan = this.estimate(request);
    call.signal?.throwIfAborted();
    const { ledger, provider } = this.deps;
    const key = request.idempotencyKey;
    if (key !== undefined) {
      const existing = await ledger.findByIdempotencyKey(key);
      if (existing !== null) return { existing, plan };
    }
    if (this.deps.budget !== undefined) {
      const budget = this.deps.budget;
      const checked = this.budgetQueue.then(async () => {
        await checkBudget({ budget, plan, audit: request.audit, ledger, provider: provider.id, now: this.deps.clock.now() });
        return this.insertPending(request, plan, call);
      });
      this.budgetQueue = checked.catch(() => {});
      return checked;
    }
    return this.insertPending(request, plan, call);
  }

  /** Writes the `pending` row (or finds the row a concurrent call wrote with the same key). */
  private async insertPending(
    request: GenerateVideoRequest,
    plan: VideoPlan,
    call: CallContext,
  ): Promise<{ record: VideoRecord; plan: VideoPlan } | { existing: VideoRecord; plan: VideoPlan }> {
    const { ledger, provider } = this.deps;
    const key = request.idempotencyKey;
    const id = this.deps.generateId();
    const firstFrame: FirstFrameInfo | null = plan.image.source === 'image-url' ? { source: 'provided', url: plan.image.url } : null;
    const row: NewVideoRecord = {
      id,
      status: 'pending',
      provider: provider.id,
      model: plan.model,
      qualityMode: plan.qualityMode,
      resolution: plan.resolution,
      durationSec: plan.durationSec,
      aspectRatio: plan.aspectRatio,
      operation: plan.operation,
      prompt: plan.prompt,
      imageUrl: plan.image.source === 'image-url' ? plan.image.url : null,
      sourceVideoUrl: plan.sourceVideoUrl ?? null,
      requestId: null,
      idempotencyKey: key ?? null,
      estimatedCostUsd: plan.estimatedCostUsd,
      actualCostUsd: null,
      storageKey: null,
      url: null,
      temporaryUrl: null,
      sha256: null,
      sizeBytes: null,
      outputDurationSec: null,
      firstFrame,
      thumbnail: null,
      error: null,
      audit: request.audit ?? {},
      // The caller's metadata as given; the conductor's notes have a field of their own.
      metadata: request.metadata ?? {},
      conductor: {
        requestedQualityMode: plan.requestedQualityMode,
        upgrades: plan.upgrades,
        warnings: plan.warnings,
        ...(request.thumbnail === undefined || request.thumbnail === false
          ? {}
          : { thumbnail: request.thumbnail === true ? {} : request.thumbnail }),
      },
    };
    let record: VideoRecord;
    try {
      record = await ledger.insert(row);
    } catch (error) {
      if (key !== undefined && LedgerError.isInstance(error) && error.code === 'DUPLICATE_IDEMPOTENCY_KEY') {
        const existing = await ledger.findByIdempotencyKey(key);
        if (existing !== null) return { existing, plan };
      }
      throw error;
    }
    call.emit({ type: 'planned', recordId: record.id, plan });
    return { record, plan };
  }

  /** First frame (when asked), then the billable submit; the row holds the request id right after. */
  private async submitRecord(
    pending: VideoRecord,
    plan: VideoPlan,
    call: CallContext,
  ): Promise<{ record: VideoRecord } | { result: GenerateVideoResult }> {
    const { provider } = this.deps;
    let record = pending;
    if (plan.image.source === 'first-frame-prompt') {
      const made = await this.makeFirstFrame(record, plan, plan.image, call);
      if ('result' in made) return made;
      record = made.record;
    }
    if (call.signal?.aborted) return this.cancelBeforeSubmit(record, call);

    let submitted: { requestId: string; warnings?: Warning[] };
    try {
      submitted = await provider.submit(
        providerInput(plan, record),
        { signal: call.signal },
      );
    } catch (error) {
      if (ModerationError.isInstance(error)) return this.endModerated(record, error, 'submit', call);
      if (submitStartedNothing(error)) {
        await this.runner.transition(record, { status: 'failed', error: toRecordError(error, 'submit') }, ['pending']);
        if (VideoConductorError.isInstance(error)) call.emit({ type: 'failed', recordId: record.id, error });
        throw error;
      }
      // The request may have created (and billed) a job whose id never arrived. Saying "failed,
      // retryable" would invite a second payment: the row and the error say "unknown" instead.
      const reason = VideoConductorError.isInstance(error) ? `${error.code}: ${error.message}` : String((error as Error)?.message ?? error);
      const unknown = new ProviderError(
        `The submit of video job ${record.id} ended without an answer (${reason}); the provider may have started and billed it, so it is not submitted again — check the provider before retrying with a new idempotency key`,
        { provider: provider.id, code: 'SUBMIT_OUTCOME_UNKNOWN', recordId: record.id, isRetryable: false, cause: error },
      );
      await this.runner.transition(record, { status: 'failed', error: toRecordError(unknown, 'submit') }, ['pending']);
      if (isAbortOf(error, call.signal)) throw error;
      call.emit({ type: 'failed', recordId: record.id, error: unknown });
      throw unknown;
    }

    const notes = withWarnings(record, submitted.warnings ?? []) ?? withNotes(record, readNotes(record));
    try {
      // The one write that must not be lost: the provider bills this job from now on.
      record = await this.runner.transition(
        record,
        { status: 'submitted', requestId: submitted.requestId, ...notes },
        ['pending'],
        { maxRetries: 6 },
      );
    } catch (error) {
      const rescued = await this.reclaimUnknownSubmit(record.id, submitted.requestId, notes);
      if (rescued !== null) {
        call.emit({ type: 'submitted', recordId: rescued.id, requestId: submitted.requestId });
        return { record: rescued };
      }
      const lost = new LedgerError(
        `The provider accepted video job ${record.id} as request ${submitted.requestId}, but the ledger could not record it; resume it by hand with that request id`,
        { ledger: this.deps.ledger.id, recordId: record.id, requestId: submitted.requestId, code: 'REQUEST_ID_NOT_RECORDED', isRetryable: false, cause: error },
      );
      call.emit({ type: 'failed', recordId: record.id, error: lost });
      throw lost;
    }
    call.emit({ type: 'submitted', recordId: record.id, requestId: submitted.requestId });
    return { record };
  }

  /**
   * A recover worker may have closed this row as `SUBMIT_OUTCOME_UNKNOWN` while our submit was
   * still on the wire. We now know the outcome: write it back, so the billed job is not lost.
   */
  private async reclaimUnknownSubmit(recordId: string, requestId: string, notes: VideoRecordPatch): Promise<VideoRecord | null> {
    try {
      const row = await this.deps.ledger.get(recordId);
      if (row?.status !== 'failed' || row.error?.code !== 'SUBMIT_OUTCOME_UNKNOWN' || row.requestId !== null) return null;
      return await this.deps.ledger.update(recordId, { status: 'submitted', requestId, error: null, ...notes }, { expectStatus: ['failed'] });
    } catch {
      return null;
    }
  }

  private async makeFirstFrame(
    record: VideoRecord,
    plan: VideoPlan,
    image: FirstFramePlan,
    call: CallContext,
  ): Promise<{ record: VideoRecord } | { result: GenerateVideoResult }> {
    const imageProvider = this.deps.imageProvider!;
    if (call.signal?.aborted) return this.cancelBeforeSubmit(record, call);
    let generated: GeneratedImage;
    try {
      generated = await imageProvider.generateImage(
        // The first frame sets the video's shape: made at the asked ratio, or the presets' default.
        { prompt: image.prompt, aspectRatio: plan.aspectRatio ?? this.deps.presets.defaultAspectRatio, model: image.model },
        { signal: call.signal },
      );
    } catch (error) {
      if (isAbortOf(error, call.signal)) return this.cancelBeforeSubmit(record, call);
      if (ModerationError.isInstance(error)) return this.endModerated(record, error, 'first-frame', call);
      return this.runner.fail(record, error, 'first-frame', call);
    }
    const firstFrame = await this.hostFirstFrame(record, image, generated, call);
    const updated = await this.runner.transition(record, { firstFrame, imageUrl: firstFrame.url }, ['pending']);
    call.emit({ type: 'first-frame', recordId: record.id, firstFrame });
    return { record: updated };
  }

  /** A first frame the provider can fetch: its URL, or the bytes stored (or inlined as a data URL). */
  private async hostFirstFrame(record: VideoRecord, plan: FirstFramePlan, image: GeneratedImage, call: CallContext): Promise<FirstFrameInfo> {
    const imageProvider = this.deps.imageProvider!;
    const info: FirstFrameInfo = {
      source: 'generated',
      url: image.url ?? '',
      prompt: plan.prompt,
      provider: imageProvider.id,
      model: plan.model,
      contentType: image.contentType,
    };
    if (image.costUsd !== undefined) info.costUsd = image.costUsd;
    if (image.url !== undefined) return info;
    if (image.data === undefined) {
      return this.runner.fail(record, new InvalidRequestError('The image provider returned neither a URL nor bytes', { field: 'firstFramePrompt', provider: imageProvider.id }), 'first-frame', call);
    }
    const { storage } = this.deps;
    if (storage !== undefined) {
      const extension = image.contentType.split('/')[1]?.replace('jpeg', 'jpg') ?? 'img';
      const stored = await storage.put(`${this.deps.keyPrefix}${record.id}.first-frame.${extension}`, image.data, { contentType: image.contentType }, { signal: call.signal });
      return { ...info, url: stored.url, storageKey: stored.key };
    }
    return { ...info, url: `data:${image.contentType};base64,${Buffer.from(image.data).toString('base64')}` };
  }

  /**
   * Moderation refused the first frame or the submit: the row ends `moderated`, with what the
   * provider billed for the refusal (plus a first frame already made) as `actualCostUsd`.
   */
  private async endModerated(
    record: VideoRecord,
    error: ModerationError,
    step: 'first-frame' | 'submit',
    call: CallContext,
  ): Promise<{ result: GenerateVideoResult }> {
    const actualCostUsd =
      error.costUsd === undefined ? (record.firstFrame?.costUsd ?? null) : this.runner.actualCost(record, error.costUsd);
    const drift = costDriftWarning(record.estimatedCostUsd, actualCostUsd);
    const notes = drift === undefined ? undefined : withWarnings(record, [drift]);
    const moderated = await this.runner.transition(
      record,
      { status: 'moderated', actualCostUsd, error: toRecordError(error, step), ...notes },
      ['pending'],
    );
    const result = resultFromRecord(moderated);
    call.emit({ type: 'completed', recordId: record.id, result });
    return { result };
  }

  /** Nothing was sent to the video provider yet: the row ends as cancelled, and the abort is rethrown. */
  private async cancelBeforeSubmit(record: VideoRecord, call: CallContext): Promise<never> {
    await this.runner.transition(record, { status: 'cancelled', error: { code: 'ABORTED', message: 'aborted before submit', retryable: false, step: 'submit' } }, ['pending']);
    throw call.signal!.reason;
  }
}

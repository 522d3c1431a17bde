import { LedgerError } from '../errors/ledger-error.js';
import { ModerationError } from '../errors/moderation-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { VideoConductorError } from '../errors/video-conductor-error.js';
import type { GenerateVideoRequest } from '../plan/generate-video-request.js';
import type { VideoPlan } from '../plan/video-plan.js';
import type { ProviderVideoInput } from '../ports/video-provider.js';
import type { NewVideoRecord, VideoRecord } from '../ports/video-record.js';
import type { Warning } from '../ports/warning.js';
import { checkBudget } from './budget.js';
import type { GenerateVideoResult } from './generate-video-result.js';
import type { InFlightJobs } from './in-flight-jobs.js';
import { type CallContext, type ConductorDependencies, completeJob, isAbortOf } from './job-context.js';
import { makeFirstFrame } from './make-first-frame.js';
import { actualCost, costDriftWarning, type QueuedVideoRequest, readNotes, toRecordError, withNotes, withWarnings } from './record-outcome.js';
import {
  insertNewRecord,
  reclaimUnknownSubmit,
  recordAbortedBeforeSubmit,
  recordModerated,
  recordSubmitFailed,
  recordSubmitted,
} from './record-transitions.js';
import { submitStartedNothing } from './submit-outcome.js';

/** A started job: its new `pending` row, or the row an earlier call with the same idempotency key wrote. */
export type StartedJob = { record: VideoRecord; plan: VideoPlan } | { existing: VideoRecord; plan: VideoPlan };

/** A submitted job's row (`submitted`), or the result of a job that ended before the provider accepted it (`moderated`). */
export type SubmittedJob = { record: VideoRecord } | { result: GenerateVideoResult };

/**
 * Plan → row: checks the budget and writes the `pending` row (`queued` for a job written
 * ahead of its run) — or finds the row of the same idempotency key. Budget check and insert
 * run one at a time in this process, so two calls cannot both squeeze under a limit.
 */
export async function startJob(
  deps: ConductorDependencies,
  jobs: Pick<InFlightJobs, 'oneAtATime'>,
  request: GenerateVideoRequest,
  plan: VideoPlan,
  call: CallContext,
  status: 'pending' | 'queued' = 'pending',
): Promise<StartedJob> {
  call.signal?.throwIfAborted();
  const key = request.idempotencyKey;
  if (key !== undefined) {
    const existing = await deps.ledger.findByIdempotencyKey(key);
    if (existing !== null) return { existing, plan };
  }
  const budget = deps.budget;
  if (budget === undefined) return insertRow(deps, request, plan, call, status);
  return jobs.oneAtATime(async () => {
    await checkBudget({ budget, plan, audit: request.audit, ledger: deps.ledger, provider: deps.provider.id, now: deps.clock.now() });
    return insertRow(deps, request, plan, call, status);
  });
}

/** Writes the new row (or finds the row a concurrent call wrote with the same key). */
async function insertRow(
  deps: ConductorDependencies,
  request: GenerateVideoRequest,
  plan: VideoPlan,
  call: CallContext,
  status: 'pending' | 'queued',
): Promise<StartedJob> {
  const key = request.idempotencyKey;
  const imageUrl = plan.image.source === 'image-url' ? plan.image.url : null;
  const row: NewVideoRecord = {
    id: deps.generateId(),
    status,
    provider: deps.provider.id,
    model: plan.model,
    qualityMode: plan.qualityMode,
    resolution: plan.resolution,
    durationSec: plan.durationSec,
    aspectRatio: plan.aspectRatio,
    operation: plan.operation,
    prompt: plan.prompt,
    imageUrl,
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
    firstFrame: imageUrl === null ? null : { source: 'provided', url: imageUrl },
    thumbnail: null,
    error: null,
    audit: request.audit ?? {},
    // The caller's metadata as given; the conductor's notes have a field of their own.
    metadata: request.metadata ?? {},
    conductor: {
      requestedQualityMode: plan.requestedQualityMode,
      upgrades: plan.upgrades,
      warnings: plan.warnings,
      ...(request.thumbnail === undefined || request.thumbnail === false ? {} : { thumbnail: request.thumbnail === true ? {} : request.thumbnail }),
      ...(status === 'queued' ? { request: queuedRequestOf(request) } : {}),
    },
  };
  let record: VideoRecord;
  try {
    record = await insertNewRecord(deps, row);
  } catch (error) {
    if (key !== undefined && LedgerError.isInstance(error) && error.code === 'DUPLICATE_IDEMPOTENCY_KEY') {
      const existing = await deps.ledger.findByIdempotencyKey(key);
      if (existing !== null) return { existing, plan };
    }
    throw error;
  }
  call.emit({ type: 'planned', recordId: record.id, plan });
  return { record, plan };
}

/** What a `queued` row keeps of its request: all but the fields the row holds itself. */
function queuedRequestOf(request: GenerateVideoRequest): QueuedVideoRequest {
  const { audit: _audit, metadata: _metadata, idempotencyKey: _key, ...rest } = request;
  return JSON.parse(JSON.stringify(rest)) as QueuedVideoRequest;
}

/** First frame (when asked), then the billable submit; the row holds the request id right after. */
export async function submitJob(deps: ConductorDependencies, pending: VideoRecord, plan: VideoPlan, call: CallContext): Promise<SubmittedJob> {
  const { provider } = deps;
  let record = pending;
  if (plan.image.source === 'first-frame-prompt') {
    const made = await makeFirstFrame(deps, record, plan, plan.image, call);
    if ('aborted' in made) return cancelBeforeSubmit(deps, record, call);
    if ('moderated' in made) return endModerated(deps, record, made.moderated, 'first-frame', call);
    record = made.record;
  }
  if (call.signal?.aborted) return cancelBeforeSubmit(deps, record, call);

  let submitted: { requestId: string; warnings?: Warning[] };
  try {
    submitted = await provider.submit(providerInput(plan, record), { signal: call.signal });
  } catch (error) {
    if (ModerationError.isInstance(error)) return endModerated(deps, record, error, 'submit', call);
    if (submitStartedNothing(error)) {
      // The row exists (it now says failed): the error names it, as every later error does.
      if (VideoConductorError.isInstance(error) && (error as { recordId?: unknown }).recordId === undefined) {
        Object.defineProperty(error, 'recordId', { value: record.id, enumerable: true, configurable: true, writable: false });
      }
      await recordSubmitFailed(deps, record, error);
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
    await recordSubmitFailed(deps, record, unknown);
    if (isAbortOf(error, call.signal)) throw error;
    call.emit({ type: 'failed', recordId: record.id, error: unknown });
    throw unknown;
  }

  const notes = withWarnings(record, submitted.warnings ?? []) ?? withNotes(record, readNotes(record));
  try {
    record = await recordSubmitted(deps, record, submitted.requestId, notes);
  } catch (error) {
    const rescued = await reclaimUnknownSubmit(deps, record.id, submitted.requestId, notes);
    if (rescued !== null) {
      call.emit({ type: 'submitted', recordId: rescued.id, requestId: submitted.requestId });
      return { record: rescued };
    }
    const lost = new LedgerError(
      `The provider accepted video job ${record.id} as request ${submitted.requestId}, but the ledger could not record it; resume it by hand with that request id`,
      { ledger: deps.ledger.id, recordId: record.id, requestId: submitted.requestId, code: 'REQUEST_ID_NOT_RECORDED', isRetryable: false, cause: error },
    );
    call.emit({ type: 'failed', recordId: record.id, error: lost });
    throw lost;
  }
  call.emit({ type: 'submitted', recordId: record.id, requestId: submitted.requestId });
  return { record };
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

/**
 * Moderation refused the first frame or the submit: the row ends `moderated`, with what the
 * provider billed for the refusal (plus a first frame already made) as `actualCostUsd`.
 */
async function endModerated(
  deps: ConductorDependencies,
  record: VideoRecord,
  error: ModerationError,
  step: 'first-frame' | 'submit',
  call: CallContext,
): Promise<{ result: GenerateVideoResult }> {
  const actualCostUsd = error.costUsd === undefined ? (record.firstFrame?.costUsd ?? null) : actualCost(record, error.costUsd);
  const drift = costDriftWarning(record.estimatedCostUsd, actualCostUsd);
  const notes = drift === undefined ? undefined : withWarnings(record, [drift]);
  const moderated = await recordModerated(deps, record, { actualCostUsd, error: toRecordError(error, step), notes });
  return { result: completeJob(moderated, call) };
}

/** Nothing was sent to the video provider yet: the row ends as cancelled, and the abort is rethrown. */
async function cancelBeforeSubmit(deps: ConductorDependencies, record: VideoRecord, call: CallContext): Promise<never> {
  await recordAbortedBeforeSubmit(deps, record);
  throw call.signal!.reason;
}

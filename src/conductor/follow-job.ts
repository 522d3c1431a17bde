import { GenerationExpiredError } from '../errors/generation-expired-error.js';
import { shortRequestId } from '../internal/short-request-id.js';
import { GenerationTimeoutError } from '../errors/generation-timeout-error.js';
import { LedgerError } from '../errors/ledger-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { VideoConductorError } from '../errors/video-conductor-error.js';
import type { ProviderVideoStatus } from '../ports/video-provider.js';
import type { VideoRecord } from '../ports/video-record.js';
import type { GenerateVideoResult } from './generate-video-result.js';
import { type CallContext, type ConductorDependencies, completeJob, isAbortOf } from './job-context.js';
import { persistVideo, retryAfterOf } from './persist-video.js';
import { actualCost, errorFromRecord, notesWith, resultFromRecord } from './record-outcome.js';
import {
  failJob,
  recordCancelledAtProvider,
  recordGenerating,
  recordModerated,
  recordNotes,
  recordPersisting,
  recordRepoll,
  recordResumedFromTimeout,
  recordSubmitFailed,
  recordTimedOut,
  RowMovedOn,
} from './record-transitions.js';

/**
 * What one polling step leads to: the job ended (`finished`, with its result), the video is
 * made and the row is now `persisting`, or the job is still running — `pending` when the
 * provider said so, `retry` when asking it failed in a way worth retrying. The provider's
 * wait hint (`retryAfterMs`) is passed on; the caller decides when to ask again.
 */
export type PollStep =
  | { state: 'finished'; result: GenerateVideoResult }
  | { state: 'persisting'; record: VideoRecord }
  | { state: 'pending'; record: VideoRecord; progress: number | undefined; retryAfterMs: number | undefined }
  | { state: 'retry'; record: VideoRecord; retryAfterMs: number | undefined };

/**
 * Carries a job from any ledger state to its end. Stateless: everything it knows comes from
 * the row. A conflict means another worker moved the row on; it is re-read and followed from there.
 */
export async function followJob(
  deps: ConductorDependencies,
  record: VideoRecord,
  call: CallContext,
  options: { pollImmediately: boolean },
): Promise<GenerateVideoResult> {
  let current = record;
  let pollImmediately = options.pollImmediately;
  for (let attempt = 0; ; attempt++) {
    try {
      return await followFrom(deps, current, call, pollImmediately);
    } catch (error) {
      if (!(error instanceof RowMovedOn) || attempt >= 3) throw error;
      const fresh = await deps.ledger.get(current.id);
      if (fresh === null) throw new LedgerError(`Video record ${current.id} disappeared`, { ledger: deps.ledger.id, recordId: current.id, code: 'RECORD_NOT_FOUND' });
      current = fresh;
      pollImmediately = true;
    }
  }
}

/**
 * The rest of the job from the row's status: poll until made, then persist. Unlike
 * {@link followJob}, a row moved on by another worker is not re-read (`persist()` reports it).
 */
export async function followFrom(deps: ConductorDependencies, record: VideoRecord, call: CallContext, pollImmediately: boolean): Promise<GenerateVideoResult> {
  let current = record;
  let immediately = pollImmediately;
  for (;;) {
    switch (current.status) {
      case 'succeeded':
      case 'moderated':
        return resultFromRecord(current);
      case 'failed':
      case 'expired':
      case 'cancelled':
        throw errorFromRecord(current);
      case 'pending':
        return resolvePending(deps, current);
      case 'queued':
        // Taken by submit / generate / resume before it gets here; a follower never runs it.
        throw new VideoConductorError(`Video job ${current.id} is queued: run it with resume(id) or submit its request`, { code: 'INVALID_STATE' });
      case 'timed_out':
        current = await recordResumedFromTimeout(deps, current);
        immediately = true;
        break;
      case 'submitted':
      case 'generating': {
        const polled = await pollUntilMade(deps, current, call, immediately);
        if ('result' in polled) return polled.result;
        current = polled.record;
        break;
      }
      case 'persisting':
      case 'persist_failed': {
        const { temporaryUrl } = current;
        if (temporaryUrl !== null) return persistVideo(deps, { ...current, temporaryUrl }, call);
        // A row that reached persisting always has the URL; without it, ask the provider again.
        current = await recordRepoll(deps, current);
        immediately = true;
        break;
      }
    }
  }
}

/**
 * A `pending` row without a live owner: the process that wrote it died between the ledger
 * insert and the provider's answer. Whether the provider started (and bills) a job is
 * unknowable, so the row is closed as failed rather than submitted again.
 */
export async function resolvePending(deps: ConductorDependencies, record: VideoRecord, options: { stale?: boolean } = {}): Promise<never> {
  const ageMs = deps.clock.now() - Date.parse(record.updatedAt);
  if (options.stale !== true && ageMs < deps.pendingGraceMs) {
    throw new VideoConductorError(
      `Video job ${record.id} is being submitted by another caller; try again in ${Math.ceil((deps.pendingGraceMs - ageMs) / 1000)} s`,
      { code: 'JOB_IN_PROGRESS', isRetryable: true },
    );
  }
  const error = new ProviderError(
    `Video job ${record.id} was interrupted while it was being submitted; whether the provider started it is unknown, so it is not submitted again`,
    { provider: record.provider, code: 'SUBMIT_OUTCOME_UNKNOWN', recordId: record.id },
  );
  await recordSubmitFailed(deps, record, error);
  throw error;
}

/** Polls until the video is made (the `persisting` row), the job ends, or the call's deadline passes. */
async function pollUntilMade(
  deps: ConductorDependencies,
  record: VideoRecord,
  call: CallContext,
  pollImmediately: boolean,
): Promise<{ record: VideoRecord } | { result: GenerateVideoResult }> {
  const { clock } = deps;
  const startedAt = clock.now();
  const deadline = startedAt + call.timeoutMs;
  let current = record;
  let waitMs = pollImmediately ? 0 : jittered(deps, deps.intervalMs);
  for (;;) {
    if (waitMs > 0) await deps.sleep(Math.min(waitMs, Math.max(deadline - clock.now(), 0)), call.signal);
    call.signal?.throwIfAborted();
    const step = await pollStep(deps, current, call);
    if (step.state === 'finished') return { result: step.result };
    current = step.record;
    if (step.state === 'persisting') return { record: current };
    if (step.state === 'retry') {
      waitMs = atLeastFloor(deps, step.retryAfterMs ?? jittered(deps, deps.intervalMs));
      if (clock.now() >= deadline) return timeOut(deps, current, call, step.retryAfterMs);
      continue;
    }
    call.emit({ type: 'progress', recordId: current.id, requestId: current.requestId!, status: current.status, progress: step.progress, elapsedMs: clock.now() - startedAt });
    if (clock.now() >= deadline) return timeOut(deps, current, call, step.retryAfterMs);
    waitMs = atLeastFloor(deps, step.retryAfterMs ?? jittered(deps, deps.intervalMs));
  }
}

/**
 * One polling step: asks the provider once about a `submitted` or `generating` row and writes
 * what it learnt, returning the next row (or the result when the job ended). No waiting and no
 * deadline: a loop (or a job queue, once per delivery) decides when to call it again.
 *
 * @throws the job's error when it failed or expired (the row says so first).
 */
export async function pollStep(deps: ConductorDependencies, record: VideoRecord, call: CallContext): Promise<PollStep> {
  const { provider } = deps;
  const requestId = record.requestId;
  if (requestId === null) throw new Error(`record ${record.id} has no request id`);
  let status: ProviderVideoStatus;
  try {
    status = await provider.getStatus(requestId, { signal: call.signal });
  } catch (error) {
    if (isAbortOf(error, call.signal)) throw error;
    if (!VideoConductorError.isInstance(error) || !error.isRetryable) return failJob(deps, record, error, 'poll', call);
    return { state: 'retry', record, retryAfterMs: retryAfterOf(error) };
  }
  switch (status.state) {
    case 'done': {
      const actualCostUsd = actualCost(record, status.usage?.costUsd);
      const persisting = await recordPersisting(deps, record, {
        temporaryUrl: status.video.url,
        actualCostUsd,
        outputDurationSec: status.video.durationSec ?? null,
        notes: notesWith(record, status.warnings ?? [], actualCostUsd),
      });
      return { state: 'persisting', record: persisting };
    }
    case 'moderated': {
      const actualCostUsd = actualCost(record, status.usage?.costUsd);
      const moderated = await recordModerated(deps, record, {
        actualCostUsd,
        error: { code: 'MODERATED', message: status.message ?? 'The provider’s moderation blocked this video.', retryable: false, step: 'poll' },
        notes: notesWith(record, [], actualCostUsd),
      });
      return { state: 'finished', result: completeJob(moderated, call) };
    }
    case 'expired': {
      const error = new GenerationExpiredError(`Video job ${shortRequestId(requestId)} expired at ${provider.id} before it produced a video`, {
        provider: provider.id,
        requestId,
        recordId: record.id,
      });
      return failJob(deps, record, error, 'poll', call, 'expired');
    }
    case 'cancelled': {
      const detail = status.message === undefined ? '' : `: ${status.message}`;
      const error = new ProviderError(`Video job ${shortRequestId(requestId)} was cancelled at ${provider.id}${detail}`, {
        provider: provider.id,
        code: 'CANCELLED',
        requestId,
        recordId: record.id,
        isRetryable: false,
      });
      await recordCancelledAtProvider(deps, record, { message: error.message, actualCostUsd: actualCost(record, status.usage?.costUsd) });
      call.emit({ type: 'failed', recordId: record.id, error });
      throw error;
    }
    case 'failed': {
      const error = new ProviderError(`Video job ${shortRequestId(requestId)} failed at ${provider.id}: ${status.message}`, {
        provider: provider.id,
        code: 'GENERATION_FAILED',
        requestId,
        recordId: record.id,
        isRetryable: status.retryable,
        cause: { code: status.code, message: status.message },
      });
      return failJob(deps, record, error, 'poll', call);
    }
    case 'pending': {
      const notes = notesWith(record, status.warnings ?? [], null);
      let next = record;
      if (record.status === 'submitted') next = await recordGenerating(deps, record, notes);
      else if (notes !== undefined) next = await recordNotes(deps, record, notes);
      return { state: 'pending', record: next, progress: status.progress, retryAfterMs: status.retryAfterMs };
    }
  }
}

/** The call's deadline passed: the row says `timed_out` (resumable), and the error is thrown. */
async function timeOut(deps: ConductorDependencies, record: VideoRecord, call: CallContext, retryAfterMs?: number): Promise<never> {
  const error = new GenerationTimeoutError(
    `Video job ${shortRequestId(record.requestId)} did not finish within ${call.timeoutMs} ms; resume("${record.id}") continues it without paying again`,
    { recordId: record.id, requestId: record.requestId ?? '', timeoutMs: call.timeoutMs, retryAfterMs },
  );
  await recordTimedOut(deps, record, error);
  call.emit({ type: 'failed', recordId: record.id, error });
  throw error;
}

/**
 * A provider hint of 0 ms (`Retry-After: 0`) must not turn polling into a hot loop: waits
 * never go below 1 s (or the configured interval, when that is shorter).
 */
function atLeastFloor(deps: ConductorDependencies, ms: number): number {
  return Math.max(ms, Math.min(1000, deps.intervalMs));
}

/** `ms` ± `jitter`, so many workers do not poll in step. */
function jittered(deps: ConductorDependencies, ms: number): number {
  return Math.max(0, Math.round(ms * (1 + deps.jitter * (2 * deps.random() - 1))));
}

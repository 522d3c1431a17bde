import { LedgerError } from '../errors/ledger-error.js';
import { shortRequestId } from '../internal/short-request-id.js';
import { VideoConductorError } from '../errors/video-conductor-error.js';
import type { ClaimStaleInput } from '../ports/ledger.js';
import type { FirstFrameInfo, NewVideoRecord, VideoRecord, VideoRecordError, VideoRecordPatch, VideoStatus } from '../ports/video-record.js';
import { retryWithBackoff } from '../retry/retry-with-backoff.js';
import type { CallContext, ConductorDependencies } from './job-context.js';
import { type ConductorNotesPatch, toRecordError } from './record-outcome.js';

/**
 * Every ledger write of the conductor, and the one place that knows the status machine:
 *
 * ```
 * queued ─► pending (claimed by submit / generate / resume) | cancelled | failed (no longer plannable)
 * pending ─► submitted ─► generating ─► persisting ─► succeeded
 *    │            └───────────┴─► moderated | failed | expired | cancelled | timed_out ─► generating (resume)
 *    └─► failed | moderated | cancelled         persisting ─► persist_failed ─► succeeded (persist)
 * ```
 *
 * Each write names the statuses it may leave, so a row another worker moved on meanwhile is
 * never overwritten: the write fails with {@link RowMovedOn} and the caller re-reads the row.
 */

/**
 * Raised when another worker moved the row on; the follower re-reads it and continues.
 * A typed `LedgerError` (`STATUS_CONFLICT`) wherever it reaches a caller.
 */
export class RowMovedOn extends LedgerError {
  constructor(ledger: string, recordId: string, cause: unknown) {
    super(`Video record ${recordId} was moved on by another worker meanwhile`, { ledger, recordId, code: 'STATUS_CONFLICT', cause });
  }
}

/** Updates the row if it is still in one of `expect`; a lost race becomes {@link RowMovedOn}. */
async function transition(
  deps: ConductorDependencies,
  record: VideoRecord,
  patch: VideoRecordPatch,
  expect: readonly VideoStatus[],
  options: { maxRetries?: number } = {},
): Promise<VideoRecord> {
  let retried = false;
  try {
    return await retryWithBackoff(() => deps.ledger.update(record.id, patch, { expectStatus: expect }), {
      maxRetries: options.maxRetries ?? 2,
      shouldRetry: (error) => VideoConductorError.isInstance(error) && error.isRetryable,
      onRetry: () => {
        retried = true;
      },
      sleep: deps.sleep,
      random: deps.random,
    });
  } catch (error) {
    if (LedgerError.isInstance(error) && error.code === 'STATUS_CONFLICT') {
      // A retry that conflicts may be meeting our own write: it landed, only its answer was lost.
      if (retried && patch.status !== undefined) {
        const fresh = await deps.ledger.get(record.id);
        if (fresh !== null && fresh.status === patch.status && (patch.requestId === undefined || fresh.requestId === patch.requestId)) return fresh;
      }
      throw new RowMovedOn(deps.ledger.id, record.id, error);
    }
    throw error;
  }
}

/** Writes the new row (`pending`, or `queued` ahead of its run): the job exists before any money is spent. */
export function insertNewRecord(deps: ConductorDependencies, row: NewVideoRecord): Promise<VideoRecord> {
  return deps.ledger.insert(row);
}

/**
 * `queued → pending`: this call takes the job. The notes lose the stored request (the plan
 * is made now). Two callers racing for one row: one wins, the other gets {@link RowMovedOn}.
 */
export function claimQueuedRecord(deps: ConductorDependencies, record: VideoRecord, notes: ConductorNotesPatch): Promise<VideoRecord> {
  return transition(deps, record, { status: 'pending', ...notes }, ['queued']);
}

/** `queued → failed`: the stored request no longer plans (presets or capabilities changed); nothing was spent. */
export function recordQueuedUnplannable(deps: ConductorDependencies, record: VideoRecord, error: unknown): Promise<VideoRecord> {
  return transition(deps, record, { status: 'failed', error: toRecordError(error, 'submit') }, ['queued']);
}

/** `pending` keeps its status and gains the first frame it will start from. */
export function recordFirstFrame(deps: ConductorDependencies, record: VideoRecord, firstFrame: FirstFrameInfo): Promise<VideoRecord> {
  return transition(deps, record, { firstFrame, imageUrl: firstFrame.url }, ['pending']);
}

/**
 * `pending → submitted` with the provider's request id. The one write that must not be lost:
 * the provider bills this job from now on, so it is retried harder than the others.
 */
export function recordSubmitted(deps: ConductorDependencies, record: VideoRecord, requestId: string, notes: VideoRecordPatch): Promise<VideoRecord> {
  return transition(deps, record, { status: 'submitted', requestId, ...notes }, ['pending'], { maxRetries: 6 });
}

/**
 * A recover worker may have closed this row as `SUBMIT_OUTCOME_UNKNOWN` while our submit was
 * still on the wire. We now know the outcome: `failed → submitted`, so the billed job is not
 * lost. `null` when the row is not in that state (or the write fails).
 */
export async function reclaimUnknownSubmit(deps: ConductorDependencies, recordId: string, requestId: string, notes: VideoRecordPatch): Promise<VideoRecord | null> {
  try {
    const row = await deps.ledger.get(recordId);
    if (row?.status !== 'failed' || row.error?.code !== 'SUBMIT_OUTCOME_UNKNOWN' || row.requestId !== null) return null;
    return await deps.ledger.update(recordId, { status: 'submitted', requestId, error: null, ...notes }, { expectStatus: ['failed'] });
  } catch {
    return null;
  }
}

/** `pending → failed`: the submit was refused, its outcome is unknown, or the row was left behind by a crash. */
export function recordSubmitFailed(deps: ConductorDependencies, record: VideoRecord, error: unknown): Promise<VideoRecord> {
  return transition(deps, record, { status: 'failed', error: toRecordError(error, 'submit') }, ['pending']);
}

/** `pending → cancelled`: the caller aborted before anything was sent to the video provider. */
export function recordAbortedBeforeSubmit(deps: ConductorDependencies, record: VideoRecord): Promise<VideoRecord> {
  return transition(deps, record, { status: 'cancelled', error: { code: 'ABORTED', message: 'aborted before submit', retryable: false, step: 'submit' } }, ['pending']);
}

/** Any active (or timed-out) status `→ cancelled`, at the caller's request. */
export function recordCancelled(deps: ConductorDependencies, record: VideoRecord, providerCancelled: boolean): Promise<VideoRecord> {
  const accepted = record.requestId !== null;
  const message = !accepted
    ? 'cancelled by the caller before the provider accepted the job'
    : providerCancelled
      ? `cancelled by the caller, and at ${record.provider}`
      : `cancelled here only: ${record.provider} cannot cancel, so request ${shortRequestId(record.requestId)} may still be generated and billed there`;
  const error: VideoRecordError = { code: 'CANCELLED', message, retryable: false, step: accepted ? 'poll' : 'submit', ...(accepted ? { providerCancelled } : {}) };
  return transition(deps, record, { status: 'cancelled', error }, [record.status]);
}

/**
 * `→ cancelled` because the provider reports the job cancelled (by `cancel()` here, or
 * elsewhere): no video; what it billed, when it says, is the actual cost.
 */
export function recordCancelledAtProvider(
  deps: ConductorDependencies,
  record: VideoRecord,
  outcome: { message: string; actualCostUsd: number | null },
): Promise<VideoRecord> {
  const error: VideoRecordError = { code: 'CANCELLED', message: outcome.message, retryable: false, step: 'poll', providerCancelled: true };
  return transition(deps, record, { status: 'cancelled', error, actualCostUsd: outcome.actualCostUsd }, ['submitted', 'generating']);
}

/**
 * `→ moderated`. Before the provider accepted the job (the first frame or the submit was
 * refused) the row leaves `pending`; afterwards (`step: 'poll'`) it leaves `submitted` or `generating`.
 */
export function recordModerated(
  deps: ConductorDependencies,
  record: VideoRecord,
  outcome: { actualCostUsd: number | null; error: VideoRecordError; notes: ConductorNotesPatch | undefined },
): Promise<VideoRecord> {
  const expect: VideoStatus[] = outcome.error.step === 'poll' ? ['submitted', 'generating'] : ['pending'];
  return transition(deps, record, { status: 'moderated', actualCostUsd: outcome.actualCostUsd, error: outcome.error, ...outcome.notes }, expect);
}

/** `submitted → generating` (the first pending status), with any new notes. */
export function recordGenerating(deps: ConductorDependencies, record: VideoRecord, notes: ConductorNotesPatch | undefined): Promise<VideoRecord> {
  return transition(deps, record, { status: 'generating', ...notes }, ['submitted']);
}

/** New notes (provider warnings) on a row that keeps its status. */
export function recordNotes(deps: ConductorDependencies, record: VideoRecord, notes: ConductorNotesPatch): Promise<VideoRecord> {
  return transition(deps, record, notes, [record.status]);
}

/** `timed_out → generating`: a resumed job polls again (never submits again). */
export function recordResumedFromTimeout(deps: ConductorDependencies, record: VideoRecord): Promise<VideoRecord> {
  return transition(deps, record, { status: 'generating', error: null }, ['timed_out']);
}

/** A `persisting` row without a temporary URL goes back to `generating`, to ask the provider again. */
export function recordRepoll(deps: ConductorDependencies, record: VideoRecord): Promise<VideoRecord> {
  return transition(deps, record, { status: 'generating' }, [record.status]);
}

/** `submitted | generating → persisting`: the video is made (and billed); the row holds its temporary URL. */
export function recordPersisting(
  deps: ConductorDependencies,
  record: VideoRecord,
  done: { temporaryUrl: string; actualCostUsd: number | null; outputDurationSec: number | null; notes: ConductorNotesPatch | undefined },
): Promise<VideoRecord> {
  const { notes, ...fields } = done;
  return transition(deps, record, { status: 'persisting', ...fields, ...notes }, ['submitted', 'generating']);
}

/** `persisting | persist_failed → succeeded`, with where the video now is. */
export function recordSucceeded(
  deps: ConductorDependencies,
  record: VideoRecord,
  stored: Pick<VideoRecordPatch, 'url' | 'storageKey' | 'sha256' | 'sizeBytes'>,
): Promise<VideoRecord> {
  return transition(deps, record, { status: 'succeeded', ...stored, error: null }, ['persisting', 'persist_failed']);
}

/** `persisting | persist_failed → persist_failed`: paid for, not stored; the row keeps the temporary URL for `persist()`. */
export function recordPersistFailed(deps: ConductorDependencies, record: VideoRecord, error: unknown): Promise<VideoRecord> {
  return transition(deps, record, { status: 'persist_failed', error: { ...toRecordError(error, 'persist'), code: 'PERSIST_FAILED' } }, ['persisting', 'persist_failed']);
}

/** The current status `→ timed_out`: the call's deadline passed; the provider's job keeps running. */
export function recordTimedOut(deps: ConductorDependencies, record: VideoRecord, error: unknown): Promise<VideoRecord> {
  return transition(deps, record, { status: 'timed_out', error: toRecordError(error, 'poll') }, [record.status]);
}

/** Records a failure on the row (keeping the request id), tells the call's listener, and throws it. */
export async function failJob(
  deps: ConductorDependencies,
  record: VideoRecord,
  error: unknown,
  step: string,
  call: CallContext,
  status: VideoStatus = 'failed',
): Promise<never> {
  await transition(deps, record, { status, error: toRecordError(error, step) }, [record.status]);
  if (VideoConductorError.isInstance(error)) call.emit({ type: 'failed', recordId: record.id, error });
  throw error;
}

/** The thumbnail of a stored video, or the warning saying why there is none; the status is left alone. */
export function recordThumbnail(deps: ConductorDependencies, recordId: string, patch: Pick<VideoRecordPatch, 'thumbnail' | 'conductor'>): Promise<VideoRecord> {
  return deps.ledger.update(recordId, patch);
}

/**
 * The heartbeat: an update with no fields only moves `updatedAt`, telling other workers'
 * `recover()` that this job has a live owner. A failed beat is harmless and not retried.
 */
export function touchRecord(deps: ConductorDependencies, recordId: string): void {
  void deps.ledger.update(recordId, {}).catch(() => {});
}

/** Leases stale non-terminal rows to this worker (`recover`). */
export function claimStaleRecords(deps: ConductorDependencies, input: ClaimStaleInput): Promise<VideoRecord[]> {
  return deps.ledger.claimStale(input);
}

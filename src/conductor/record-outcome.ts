import { GenerationExpiredError } from '../errors/generation-expired-error.js';
import { GenerationTimeoutError } from '../errors/generation-timeout-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { VideoConductorError } from '../errors/video-conductor-error.js';
import type { GenerateVideoRequest } from '../plan/generate-video-request.js';
import type { PlanUpgrade } from '../plan/video-plan.js';
import type { ThumbnailSpec } from '../ports/thumbnail-renderer.js';
import type { VideoRecord, VideoRecordError } from '../ports/video-record.js';
import type { Warning } from '../ports/warning.js';
import type { GenerateVideoResult } from './generate-video-result.js';

/** The conductor's own notes on a job, kept in `VideoRecord.conductor` (never in the caller's `metadata`). */
export interface ConductorNotes {
  requestedQualityMode: string;
  /** The thumbnail the request asked for, rendered once the video is stored. */
  thumbnail?: ThumbnailSpec;
  upgrades: PlanUpgrade[];
  warnings: Warning[];
  /**
   * While the row is `queued`: the request to plan it from when it runs (its audit, metadata
   * and idempotency key are the row's own fields). Dropped when the job is claimed.
   */
  request?: QueuedVideoRequest;
}

/** The part of a request a `queued` row keeps in its notes until it runs. */
export type QueuedVideoRequest = Omit<GenerateVideoRequest, 'audit' | 'metadata' | 'idempotencyKey'>;

/**
 * Key under which rows written before `VideoRecord.conductor` existed kept the notes in
 * `metadata`. Read (for those rows only), never written.
 */
export const conductorMetadataKey = 'videoConductor';

/**
 * The conductor's notes of a row: from `record.conductor`, or — for a row written before that
 * field existed — from `metadata.videoConductor`; empty for rows written by something else.
 */
export function readNotes(record: Pick<VideoRecord, 'conductor' | 'metadata' | 'qualityMode'>): ConductorNotes {
  const legacy = record.conductor === null || record.conductor === undefined;
  const notes = (legacy ? record.metadata?.[conductorMetadataKey] : record.conductor) as Partial<ConductorNotes> | undefined;
  return {
    requestedQualityMode: notes?.requestedQualityMode ?? record.qualityMode,
    upgrades: notes?.upgrades ?? [],
    warnings: notes?.warnings ?? [],
    ...(notes?.thumbnail === undefined ? {} : { thumbnail: notes.thumbnail }),
    ...(notes?.request === undefined ? {} : { request: notes.request }),
  };
}

/**
 * What {@link withNotes} returns. An interface on purpose: it has no index signature, so code
 * still written as `{ metadata: withNotes(...) }` fails to compile instead of writing the
 * notes into the caller's metadata.
 */
export interface ConductorNotesPatch {
  conductor: ConductorNotes;
}

/**
 * The patch fragment that stores `notes` as the row's notes: `{ conductor: notes }`. Spread it
 * into a ledger patch: `ledger.update(id, { status, ...withNotes(record, notes) })`. The
 * caller's `metadata` is left alone (a legacy row's `metadata.videoConductor` stays as it was;
 * {@link readNotes} prefers `conductor` once it is set).
 */
export function withNotes(_record: Pick<VideoRecord, 'metadata'>, notes: ConductorNotes): ConductorNotesPatch {
  return { conductor: notes };
}

/** Identity of a warning for de-duplication: the same note repeated (e.g. on every poll) is kept once. */
function warningKey(warning: Warning): string {
  return JSON.stringify(warning, Object.keys(warning).sort());
}

/**
 * The patch fragment (as {@link withNotes}) with `warnings` added to the row's notes, each
 * identical warning kept once; `undefined` when every one of them is already there (nothing to write).
 */
export function withWarnings(record: VideoRecord, warnings: readonly Warning[]): ConductorNotesPatch | undefined {
  const notes = readNotes(record);
  const seen = new Set(notes.warnings.map(warningKey));
  const added: Warning[] = [];
  for (const warning of warnings) {
    const key = warningKey(warning);
    if (seen.has(key)) continue;
    seen.add(key);
    added.push(warning);
  }
  if (added.length === 0) return undefined;
  return withNotes(record, { ...notes, warnings: [...notes.warnings, ...added] });
}

/** Share of the estimate the billed cost may differ by before a `cost_drift` warning: 10 %. */
export const costDriftTolerance = 0.1;

/**
 * A `cost_drift` warning when the billed cost differs from the estimate by more than
 * {@link costDriftTolerance}; `undefined` otherwise (or when nothing was billed or estimated).
 */
export function costDriftWarning(estimatedCostUsd: number, actualCostUsd: number | null): Warning | undefined {
  if (actualCostUsd === null || !(estimatedCostUsd > 0)) return undefined;
  const drift = (actualCostUsd - estimatedCostUsd) / estimatedCostUsd;
  if (Math.abs(drift) <= costDriftTolerance) return undefined;
  return {
    type: 'cost_drift',
    estimatedCostUsd,
    actualCostUsd,
    message: `The provider billed ${actualCostUsd} USD, ${Math.round(Math.abs(drift) * 100)} % ${drift > 0 ? 'more' : 'less'} than the estimate of ${estimatedCostUsd} USD; check the preset prices.`,
  };
}

/** The ledger's JSON form of an error: code, message, retryability, step. No stack, no secrets. */
export function toRecordError(error: unknown, step: string): VideoRecordError {
  if (VideoConductorError.isInstance(error)) {
    return { code: error.code, message: error.message, retryable: error.isRetryable, step };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'UNEXPECTED_ERROR', message, retryable: false, step };
}

/**
 * The result a finished row stands for (succeeded, persist_failed or moderated): exactly what
 * `generate` returned for it. Lets a status endpoint answer from the ledger alone.
 *
 * @throws Error for a row in any other status.
 */
export function resultFromRecord(record: VideoRecord): GenerateVideoResult {
  const notes = readNotes(record);
  const base = {
    recordId: record.id,
    provider: record.provider,
    model: record.model,
    qualityMode: record.qualityMode,
    resolution: record.resolution,
    operation: record.operation,
    estimatedCostUsd: record.estimatedCostUsd,
    actualCostUsd: record.actualCostUsd,
    firstFrame: record.firstFrame,
    upgrades: notes.upgrades,
    warnings: [...notes.warnings],
  };
  if (record.status === 'moderated') {
    return {
      ...base,
      success: false,
      status: 'moderated',
      requestId: record.requestId,
      message: record.error?.message ?? 'The provider’s moderation blocked this video.',
      video: null,
    };
  }
  if (record.status === 'persist_failed') {
    return {
      ...base,
      success: false,
      status: 'persist_failed',
      requestId: record.requestId ?? '',
      temporaryUrl: record.temporaryUrl,
      message: `The video was made but not stored (${record.error?.message ?? 'storage failed'}); call persist("${record.id}") to store it before the provider's temporary URL expires.`,
      video: null,
    };
  }
  if (record.status !== 'succeeded') {
    throw new Error(`a ${record.status} row has no result`);
  }
  const persisted = record.storageKey !== null;
  return {
    ...base,
    success: true,
    status: 'succeeded',
    video: {
      url: (persisted ? record.url : record.temporaryUrl) ?? record.url ?? '',
      urlExpiresAt: null,
      temporaryUrl: record.temporaryUrl,
      persisted,
      requestId: record.requestId ?? '',
      recordId: record.id,
      storageKey: persisted ? record.storageKey : null,
      contentType: 'video/mp4',
      durationSec: record.outputDurationSec,
      aspectRatio: record.aspectRatio,
    },
    thumbnail: record.thumbnail,
    sha256: persisted ? record.sha256 : null,
    sizeBytes: persisted ? record.sizeBytes : null,
  };
}

/** The error a failed, expired, cancelled or timed-out row stands for. */
export function errorFromRecord(record: VideoRecord): VideoConductorError {
  const requestId = record.requestId ?? undefined;
  const message = record.error?.message ?? `Video job ${record.id} ended as ${record.status}`;
  switch (record.status) {
    case 'expired':
      return new GenerationExpiredError(message, { provider: record.provider, requestId: requestId ?? '', recordId: record.id });
    case 'timed_out':
      return new GenerationTimeoutError(message, { recordId: record.id, requestId: requestId ?? '', timeoutMs: 0 });
    default:
      return new ProviderError(message, {
        provider: record.provider,
        code: record.error?.code ?? (record.status === 'cancelled' ? 'CANCELLED' : 'GENERATION_FAILED'),
        requestId,
        recordId: record.id,
        isRetryable: record.error?.retryable ?? false,
      });
  }
}

/**
 * The notes patch with the provider's warnings and, when the billed cost strays from the
 * estimate, a `cost_drift` warning added (each once); `undefined` when nothing is new.
 */
export function notesWith(record: VideoRecord, warnings: readonly Warning[], actualCostUsd: number | null): ConductorNotesPatch | undefined {
  const drift = costDriftWarning(record.estimatedCostUsd, actualCostUsd);
  return withWarnings(record, drift === undefined ? warnings : [...warnings, drift]);
}

/** What the job cost in USD: the provider's figure plus the first frame; `null` when the provider reported nothing. */
export function actualCost(record: VideoRecord, videoCostUsd: number | undefined): number | null {
  if (videoCostUsd === undefined) return null;
  return Math.round((videoCostUsd + (record.firstFrame?.costUsd ?? 0)) * 1e6) / 1e6;
}

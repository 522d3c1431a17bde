import {
  unfinishedVideoStatuses,
  resultFromRecord,
  type FirstFrameInfo,
  type ReadableVideoUrl,
  type ThumbnailInfo,
  type VideoRecord,
  type VideoRecordError,
  type VideoStatus,
} from '@ring/video-conductor';
import { toVideoToolResult, type VideoToolResult } from './video-tool-result.js';

/**
 * What `ring-video-status` answers: the public fields of a ledger row. The prompt, the
 * caller's metadata, the audit fields and the lease stay out; nothing here is secret.
 */
export interface VideoStatusView {
  recordId: string;
  status: VideoStatus;
  /** `true` once nothing runs any more (every status but pending, submitted, generating, persisting). */
  done: boolean;
  /** The provider's job id; `null` before the provider accepted the job. */
  requestId: string | null;
  provider: string;
  model: string;
  qualityMode: string;
  resolution: string;
  operation: 'generate' | 'edit' | 'extend';
  /** Requested clip length in seconds. */
  durationSec: number;
  aspectRatio: string | null;
  /** Where to read the stored video now; `null` until stored. See `urlExpiresAt`. */
  url: string | null;
  /**
   * When `url` stops working (ISO 8601): set for storages with expiring (presigned) URLs, minted
   * fresh on every status read; `null` for permanent URLs. The provider's temporary URL is never
   * returned: when it expires is unknown.
   */
  urlExpiresAt: string | null;
  /** Hex sha256 of the stored video. */
  sha256: string | null;
  /** Size of the stored video in bytes. */
  sizeBytes: number | null;
  /** What the preset estimated, in USD. */
  estimatedCostUsd: number;
  /** What the provider reported, in USD; `null` when not (yet) reported. */
  actualCostUsd: number | null;
  firstFrame: FirstFrameInfo | null;
  thumbnail: ThumbnailInfo | null;
  /** Why the job did not succeed (code, message, retryable, step); `null` otherwise. */
  error: VideoRecordError | null;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601. */
  updatedAt: string;
  /** The result, in the shape `ring-video-create` answers, once the job succeeded, was moderated or failed to persist. */
  result?: VideoToolResult;
}

/**
 * The public view of a ledger row, with its result when it has one. `readable` is where the
 * stored video can be read now (`conductor.url(recordId)`); without it, the row's `url` is shown
 * as permanent.
 */
export function toVideoStatusView(record: VideoRecord, readable?: ReadableVideoUrl | null): VideoStatusView {
  const stored = readable?.persisted === true ? readable : undefined;
  const view: VideoStatusView = {
    recordId: record.id,
    status: record.status,
    done: !unfinishedVideoStatuses.includes(record.status),
    requestId: record.requestId,
    provider: record.provider,
    model: record.model,
    qualityMode: record.qualityMode,
    resolution: record.resolution,
    operation: record.operation,
    durationSec: record.durationSec,
    aspectRatio: record.aspectRatio,
    url: stored?.url ?? (record.storageKey === null ? null : record.url),
    urlExpiresAt: stored?.expiresAt ?? null,
    sha256: record.sha256,
    sizeBytes: record.sizeBytes,
    estimatedCostUsd: record.estimatedCostUsd,
    actualCostUsd: record.actualCostUsd,
    firstFrame: record.firstFrame,
    thumbnail: record.thumbnail,
    error: record.error,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
  const result = resultOfRecord(record);
  if (result?.success === true && stored !== undefined) result.video = { ...result.video, url: stored.url, urlExpiresAt: stored.expiresAt };
  if (result !== undefined) view.result = result;
  return view;
}

/**
 * The result a finished row stands for, in the shape `ring-video-create` answers — the
 * conductor's own `resultFromRecord`, so `generate` and `ring-video-status` never disagree.
 * `undefined` while the job runs and for rows that ended in an error.
 */
export function resultOfRecord(record: VideoRecord): VideoToolResult | undefined {
  const finished = record.status === 'moderated' || record.status === 'succeeded' || record.status === 'persist_failed';
  return finished ? toVideoToolResult(resultFromRecord(record)) : undefined;
}

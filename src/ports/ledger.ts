import type { NewVideoRecord, VideoAudit, VideoRecord, VideoRecordPatch, VideoStatus } from './video-record.js';

/** Filters of {@link Ledger.list}; all given filters must match. */
export interface VideoRecordQuery {
  /** One status or any of several. `undefined`: every status. */
  status?: VideoStatus | readonly VideoStatus[];
  /** Provider id. */
  provider?: string;
  /** Audit fields that must be equal. */
  audit?: VideoAudit;
  /** Only rows created at or after this ISO time. */
  createdAfter?: string;
  /** Only rows created before this ISO time. */
  createdBefore?: string;
  /** Only rows of this effective quality mode (e.g. `production`). `undefined`: every mode. */
  qualityMode?: string;
  /**
   * Only rows whose prompt contains this text, case-insensitively (a plain substring, no
   * wildcards). `undefined` or `''`: every prompt. Optional for ledgers written before it
   * existed; callers that need it exact filter the returned rows again.
   */
  promptContains?: string;
  /** Page size, 1–1000. @default 50 */
  limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
}

/** Filters of {@link Ledger.summarizeCosts}: those of {@link VideoRecordQuery} without paging. */
export type VideoCostSummaryQuery = Omit<VideoRecordQuery, 'limit' | 'cursor'>;

/**
 * One group of {@link Ledger.summarizeCosts}: the rows sharing a UTC day, actor, campaign,
 * quality mode and status, with their summed costs.
 */
export interface VideoCostGroup {
  /** UTC day the rows were created, `YYYY-MM-DD`. */
  day: string;
  /** `audit.actorId`, or `null` when the rows have none. */
  actorId: string | null;
  /** `audit.pipelineRequestId` (the campaign), or `null` when the rows have none. */
  pipelineRequestId: string | null;
  /** Effective quality mode. */
  qualityMode: string;
  /** Status of the rows. */
  status: VideoStatus;
  /** Rows in the group. */
  count: number;
  /** Sum of `estimatedCostUsd`, in USD. */
  estimatedCostUsd: number;
  /** Sum of `actualCostUsd` over the rows that have one, in USD (`0` when none has). */
  billedCostUsd: number;
  /** Rows whose `actualCostUsd` is not `null`. */
  billedCount: number;
}

/** Input of {@link Ledger.claimStale}. */
export interface ClaimStaleInput {
  /** Only rows not updated for at least this long, in ms. */
  olderThanMs: number;
  /** The worker claiming them. */
  owner: string;
  /** How long the claim holds, in ms; an expired lease may be claimed by another worker. */
  leaseMs: number;
  /** At most this many rows. */
  limit: number;
}

/**
 * Durable job state: the `generated_videos` table. The conductor writes a row before any
 * money is spent and keeps it truthful at every step.
 *
 * Errors are `LedgerError` with codes `RECORD_NOT_FOUND`, `DUPLICATE_IDEMPOTENCY_KEY`,
 * `STATUS_CONFLICT`.
 */
export interface Ledger {
  readonly specificationVersion: 'v1';
  /** Stable adapter id, e.g. `postgres`, `memory`. */
  readonly id: string;
  /** Writes a new row (status as given, usually `pending`). Rejects with `DUPLICATE_IDEMPOTENCY_KEY` when the key exists. */
  insert(record: NewVideoRecord): Promise<VideoRecord>;
  /**
   * Changes fields of a row and bumps `updatedAt`. With `expectStatus`, the update only
   * happens while the row's status is one of them (else `STATUS_CONFLICT`).
   */
  update(id: string, patch: VideoRecordPatch, options?: { expectStatus?: readonly VideoStatus[] }): Promise<VideoRecord>;
  /** The row, or `null`. */
  get(id: string): Promise<VideoRecord | null>;
  /** The row with this idempotency key, or `null`. */
  findByIdempotencyKey(key: string): Promise<VideoRecord | null>;
  /** Rows newest first, with keyset pagination. */
  list(query: VideoRecordQuery): Promise<{ records: VideoRecord[]; nextCursor?: string }>;
  /**
   * Costs of the matching rows, summed per UTC day, actor, campaign, quality mode and status,
   * in one aggregate query (no rows leave the database). Optional: a ledger without it is
   * summed by paging through {@link Ledger.list} (see `summarizeVideoCosts`).
   */
  summarizeCosts?(query: VideoCostSummaryQuery): Promise<VideoCostGroup[]>;
  /**
   * Atomically leases up to `limit` rows whose status is active (pending, submitted,
   * generating, persisting), not updated for `olderThanMs`, and not leased (or whose lease
   * expired). Two workers never receive the same row while its lease holds.
   */
  claimStale(input: ClaimStaleInput): Promise<VideoRecord[]>;
}

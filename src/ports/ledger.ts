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
  /** Page size, 1–1000. @default 50 */
  limit?: number;
  /** Opaque cursor from a previous page's `nextCursor`. */
  cursor?: string;
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
   * Atomically leases up to `limit` rows whose status is active (pending, submitted,
   * generating, persisting), not updated for `olderThanMs`, and not leased (or whose lease
   * expired). Two workers never receive the same row while its lease holds.
   */
  claimStale(input: ClaimStaleInput): Promise<VideoRecord[]>;
}

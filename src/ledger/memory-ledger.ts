import { systemClock, type Clock } from '../clock.js';
import { LedgerError } from '../errors/ledger-error.js';
import { clonePlainData } from '../internal/clone-plain-data.js';
import type { ClaimStaleInput, Ledger, VideoRecordQuery } from '../ports/ledger.js';
import type { NewVideoRecord, VideoRecord, VideoRecordPatch, VideoStatus } from '../ports/video-record.js';
import { checkClaimStaleInput } from './check-claim-stale-input.js';
import { decodeListCursor, encodeListCursor, type ListCursor } from './list-cursor.js';
import { activeVideoStatuses, videoStatuses } from './video-statuses.js';

/** Options of {@link MemoryLedger}. */
export interface MemoryLedgerOptions {
  /**
   * Source of `createdAt`, `updatedAt` and lease times. Inject a fake clock to make
   * `claimStale` staleness and lease expiry instant in tests.
   * @default systemClock
   */
  clock?: Clock;
}

/** Page size of {@link MemoryLedger.list} when the query gives none. */
const defaultListLimit = 50;
/** Largest page size {@link MemoryLedger.list} accepts. */
const maxListLimit = 1000;

/** Fields a patch may never change, even when a caller sneaks them past the type. */
const immutableFields: ReadonlySet<string> = new Set([
  'id',
  'createdAt',
  'updatedAt',
  'provider',
  'operation',
  'idempotencyKey',
]);

/**
 * A {@link Ledger} held in process memory: the conductor's default ledger, and the
 * reference the ledger contract suite is checked against. Rows are lost when the process
 * exits, so use the Postgres ledger wherever a job must survive a crash.
 *
 * Every method runs synchronously inside its promise, so `claimStale` is atomic: two
 * concurrent claims never receive the same row. Rows go in and come out as deep copies;
 * mutating a returned record never changes the stored one.
 *
 * @example
 * ```ts
 * const ledger = new MemoryLedger();
 * const record = await ledger.insert({ id: crypto.randomUUID(), status: 'pending', ... });
 * await ledger.update(record.id, { status: 'submitted', requestId: 'job-1' }, { expectStatus: ['pending'] });
 * const { records, nextCursor } = await ledger.list({ status: 'submitted', limit: 10 });
 * ```
 */
export class MemoryLedger implements Ledger {
  readonly specificationVersion = 'v1' as const;
  readonly id: string = 'memory';

  readonly #clock: Clock;
  /** Rows by id. */
  readonly #records = new Map<string, VideoRecord>();
  /** Row id by idempotency key: the unique index. */
  readonly #idsByIdempotencyKey = new Map<string, string>();

  constructor(options: MemoryLedgerOptions = {}) {
    this.#clock = options.clock ?? systemClock;
  }

  /** Writes a new row with `createdAt = updatedAt = now` and no lease. */
  async insert(record: NewVideoRecord): Promise<VideoRecord> {
    if (typeof record.id !== 'string' || record.id === '') {
      throw new LedgerError('insert failed: the record id must be a non-empty string', { ledger: this.id });
    }
    if (this.#records.has(record.id)) {
      throw new LedgerError(`insert of record "${record.id}" failed: a record with this id exists`, {
        ledger: this.id,
        recordId: record.id,
      });
    }
    const key = record.idempotencyKey ?? null;
    if (key !== null && this.#idsByIdempotencyKey.has(key)) {
      throw new LedgerError(`insert of record "${record.id}" failed: idempotency key "${key}" is already used`, {
        ledger: this.id,
        recordId: record.id,
        code: 'DUPLICATE_IDEMPOTENCY_KEY',
      });
    }
    const now = this.#nowIso();
    const row: VideoRecord = {
      ...this.#clone(record, 'insert', record.id),
      conductor: record.conductor ?? null,
      idempotencyKey: key,
      createdAt: now,
      updatedAt: now,
      leaseOwner: null,
      leaseExpiresAt: null,
    };
    this.#records.set(row.id, row);
    if (key !== null) this.#idsByIdempotencyKey.set(key, row.id);
    return clonePlainData(row);
  }

  /**
   * Applies the fields of `patch` that are not `undefined` (`null` clears a field) and
   * bumps `updatedAt`. Fields a patch may not change (`id`, `provider`, …) are ignored.
   */
  async update(
    id: string,
    patch: VideoRecordPatch,
    options: { expectStatus?: readonly VideoStatus[] } = {},
  ): Promise<VideoRecord> {
    const current = this.#records.get(id);
    if (current === undefined) {
      throw new LedgerError(`update of record "${id}" failed: no such record`, {
        ledger: this.id,
        recordId: id,
        code: 'RECORD_NOT_FOUND',
      });
    }
    const { expectStatus } = options;
    if (expectStatus !== undefined && !expectStatus.includes(current.status)) {
      throw new LedgerError(
        `update of record "${id}" failed: status is "${current.status}", expected ${expectStatus.map((status) => `"${status}"`).join(' or ') || 'none'}`,
        { ledger: this.id, recordId: id, code: 'STATUS_CONFLICT' },
      );
    }
    const changes = this.#clone(patch, 'update', id) as Record<string, unknown>;
    const next: Record<string, unknown> = { ...current };
    for (const [field, value] of Object.entries(changes)) {
      if (value !== undefined && !immutableFields.has(field)) next[field] = value;
    }
    next.updatedAt = this.#nowIso();
    const row = next as unknown as VideoRecord;
    this.#records.set(id, row);
    return clonePlainData(row);
  }

  /** The row with this id, or `null`. */
  async get(id: string): Promise<VideoRecord | null> {
    const row = this.#records.get(id);
    return row === undefined ? null : clonePlainData(row);
  }

  /** The row with this idempotency key, or `null`. */
  async findByIdempotencyKey(key: string): Promise<VideoRecord | null> {
    const id = this.#idsByIdempotencyKey.get(key);
    return id === undefined ? null : this.get(id);
  }

  /**
   * Rows newest first (`createdAt` descending, then `id` descending), filtered by every
   * given field. `nextCursor` is set only when more rows follow.
   *
   * @throws LedgerError `INVALID_QUERY` for a limit outside 1–1000, a malformed cursor,
   * an unknown status or an unparseable time.
   */
  async list(query: VideoRecordQuery = {}): Promise<{ records: VideoRecord[]; nextCursor?: string }> {
    const limit = query.limit ?? defaultListLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > maxListLimit) {
      throw this.#invalidQuery(`limit must be a whole number from 1 to ${maxListLimit}, got ${String(limit)}`);
    }
    const statuses = query.status === undefined ? undefined : typeof query.status === 'string' ? [query.status] : query.status;
    for (const status of statuses ?? []) {
      if (!videoStatuses.includes(status)) throw this.#invalidQuery(`status "${String(status)}" is not a video status`);
    }
    const createdAfter = this.#parseQueryTime('createdAfter', query.createdAfter);
    const createdBefore = this.#parseQueryTime('createdBefore', query.createdBefore);
    let cursor: ListCursor | undefined;
    if (query.cursor !== undefined) {
      cursor = decodeListCursor(query.cursor);
      if (cursor === undefined) throw this.#invalidQuery('cursor is malformed; pass a nextCursor from a previous page');
    }
    const auditFilters = Object.entries(query.audit ?? {}).filter(([, value]) => value !== undefined);
    const promptNeedle = (query.promptContains ?? '').toLowerCase();

    const matches: VideoRecord[] = [];
    for (const row of this.#records.values()) {
      if (statuses !== undefined && !statuses.includes(row.status)) continue;
      if (query.provider !== undefined && row.provider !== query.provider) continue;
      if (query.qualityMode !== undefined && row.qualityMode !== query.qualityMode) continue;
      if (promptNeedle !== '' && !row.prompt.toLowerCase().includes(promptNeedle)) continue;
      if (auditFilters.some(([field, value]) => (row.audit as Record<string, unknown>)[field] !== value)) continue;
      const createdAt = Date.parse(row.createdAt);
      if (createdAfter !== undefined && createdAt < createdAfter) continue;
      if (createdBefore !== undefined && createdAt >= createdBefore) continue;
      if (cursor !== undefined && compareNewestFirst(row, cursor) <= 0) continue;
      matches.push(row);
    }
    matches.sort(compareNewestFirst);
    const page = matches.slice(0, limit);
    const last = page.at(-1);
    const records = page.map((row) => clonePlainData(row));
    return matches.length > limit && last !== undefined
      ? { records, nextCursor: encodeListCursor({ createdAt: last.createdAt, id: last.id }) }
      : { records };
  }

  /**
   * Leases up to `limit` active rows not updated for at least `olderThanMs` whose lease is
   * absent or expired, oldest `updatedAt` first. Sets `leaseOwner` and
   * `leaseExpiresAt = now + leaseMs`; `updatedAt` is left alone, because a lease is not
   * progress of the job.
   *
   * @throws LedgerError `INVALID_QUERY` for a negative or non-finite time, an empty owner
   * or a limit that is not a positive whole number.
   */
  async claimStale(input: ClaimStaleInput): Promise<VideoRecord[]> {
    const { olderThanMs, owner, leaseMs, limit } = input;
    const problem = checkClaimStaleInput(input);
    if (problem !== undefined) throw this.#invalidQuery(problem);

    const now = this.#clock.now();
    const staleBefore = now - olderThanMs;
    const candidates = [...this.#records.values()]
      .filter(
        (row) =>
          activeVideoStatuses.includes(row.status) &&
          Date.parse(row.updatedAt) <= staleBefore &&
          (row.leaseExpiresAt === null || Date.parse(row.leaseExpiresAt) <= now),
      )
      .sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || compareIds(a.id, b.id))
      .slice(0, limit);
    const leaseExpiresAt = new Date(now + leaseMs).toISOString();
    return candidates.map((row) => {
      const leased: VideoRecord = { ...row, leaseOwner: owner, leaseExpiresAt };
      this.#records.set(row.id, leased);
      return clonePlainData(leased);
    });
  }

  #nowIso(): string {
    return new Date(this.#clock.now()).toISOString();
  }

  /** A deep copy of caller data, so later changes by the caller never reach the stored row. */
  #clone<T>(value: T, operation: string, recordId: string): T {
    try {
      return clonePlainData(value);
    } catch (error) {
      // Functions, symbols and class instances cannot be stored by a real database either.
      throw new LedgerError(`${operation} of record "${recordId}" failed: the record is not plain JSON-like data`, {
        ledger: this.id,
        recordId,
        cause: error,
      });
    }
  }

  #parseQueryTime(field: string, value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw this.#invalidQuery(`${field} must be an ISO 8601 time, got "${value}"`);
    return time;
  }

  #invalidQuery(detail: string): LedgerError {
    return new LedgerError(`Invalid ledger query: ${detail}`, { ledger: this.id, code: 'INVALID_QUERY' });
  }
}

/** Plain code-unit order, the order Postgres gives lowercase UUIDs under the C collation. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort order of `list`: newest `createdAt` first, then the greater id first. */
function compareNewestFirst(a: ListCursor, b: ListCursor): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || compareIds(b.id, a.id);
}

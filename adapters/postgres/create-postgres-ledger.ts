import {
  activeVideoStatuses,
  LedgerError,
  videoStatuses,
  type ClaimStaleInput,
  type NewVideoRecord,
  type VideoRecord,
  type VideoRecordPatch,
  type VideoCostGroup,
  type VideoCostSummaryQuery,
  type VideoRecordQuery,
  type VideoStatus,
} from '@ring/video-conductor';
import { checkClaimStaleInput } from '@ring/video-conductor/provider-kit';
import { decodeTableListCursor, encodeListCursor, uuidPattern } from './list-cursor.js';
import { mapVideoRecordRow } from './map-video-record-row.js';
import type { PostgresLedger, PostgresLedgerOptions, PostgresLedgerTransaction } from './postgres-ledger-options.js';
import { runInTransaction } from './run-in-transaction.js';
import type { SqlClient } from './sql-client.js';
import { resolveTableName, type TableName } from './table-name.js';
import { postgresLedgerId, toLedgerError } from './to-ledger-error.js';
import { castOf, encodeColumnValue, insertableColumns, updatableColumns } from './video-record-columns.js';

/** Page size of `list` when the query gives none. */
const defaultListLimit = 50;
/** Largest page size `list` accepts. */
const maxListLimit = 1000;

/**
 * The database's clock, truncated to the millisecond the ISO strings carry. Every
 * timestamp is taken from the database, never from the worker, so machines whose clocks
 * drift still agree on staleness and lease expiry.
 */
const databaseNow = "date_trunc('milliseconds', now())";

/**
 * The SQL for the audit fields that have an expression index, keyed by field. Written out
 * (not built from the key) so the planner matches the indexes of the migration.
 */
const indexedAuditExpressions: Readonly<Record<string, string>> = {
  pipelineRequestId: "audit ->> 'pipelineRequestId'",
  clipId: "audit ->> 'clipId'",
  actorId: "audit ->> 'actorId'",
  refCode: "audit ->> 'refCode'",
};

/** The statuses as a comma-separated list for `string_to_array`; only known statuses (none contains a comma). */
function statusList(statuses: readonly VideoStatus[]): string {
  return statuses.filter((status) => videoStatuses.includes(status)).join(',');
}

/**
 * A `Ledger` over the `generated_videos` table of any Postgres reachable through a
 * {@link SqlClient}: a `pg` `Pool` or `Client`, PGlite, Neon's serverless `Pool`, or postgres.js
 * via `fromPostgresJs`. Create the table first with `migrate()`.
 *
 * Every statement is a single, parameterised one (values never enter the SQL text; only
 * the validated, quoted table name does), so the ledger works on a pool and needs no
 * transaction of its own:
 *
 * - `update` with `expectStatus` is one `UPDATE … WHERE id = $1 AND status = ANY(…)`: an
 *   optimistic compare-and-set, so two workers cannot both move a row out of a status.
 * - `claimStale` is one `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)`: many
 *   workers on many machines can claim at once and never receive the same row. Claiming
 *   sets `lease_owner` and `lease_expires_at` but leaves `updated_at` alone, so a claimed
 *   row still shows how long the job itself has not moved (a lease is not progress).
 * - Timestamps come from the database clock (`now()`), at millisecond precision.
 *
 * Failures reject with `LedgerError`: `DUPLICATE_IDEMPOTENCY_KEY`, `RECORD_NOT_FOUND`,
 * `STATUS_CONFLICT`, `INVALID_QUERY`, or `LEDGER_ERROR` (retryable when the database could not
 * be reached). Messages name the operation and table, never values or connection strings.
 *
 * @param options The client, and the table and schema names. @see {@link PostgresLedgerOptions}
 * @throws InvalidRequestError when `table` or `schema` is not a plain identifier.
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const ledger = createPostgresLedger({ db: pool });
 * ```
 */
export function createPostgresLedger(options: PostgresLedgerOptions): PostgresLedger {
  return new PostgresLedgerImplementation(options);
}

class PostgresLedgerImplementation implements PostgresLedger {
  readonly specificationVersion = 'v1' as const;
  readonly id = postgresLedgerId;
  readonly table: string;
  readonly schema: string | undefined;

  readonly #db: SqlClient;
  readonly #options: PostgresLedgerOptions;
  readonly #name: TableName;
  /** Name of the unique constraint on `idempotency_key`, as the migration names it. */
  readonly #idempotencyConstraint: string;
  readonly #insertSql: string;

  constructor(options: PostgresLedgerOptions) {
    if (typeof options?.db?.query !== 'function') {
      throw new TypeError('createPostgresLedger needs `db`: a client with query(text, params), e.g. a pg Pool or PGlite');
    }
    this.#db = options.db;
    this.#options = options;
    this.#name = resolveTableName(options);
    this.table = this.#name.table;
    this.schema = this.#name.schema;
    this.#idempotencyConstraint = `${this.#name.table}_idempotency_key_key`;
    const columns = insertableColumns.map((column) => column.column).join(', ');
    const values = insertableColumns.map((column, index) => `$${index + 1}${castOf(column.kind)}`).join(', ');
    this.#insertSql =
      `INSERT INTO ${this.#name.qualified} (${columns}, created_at, updated_at) ` +
      `VALUES (${values}, ${databaseNow}, ${databaseNow}) RETURNING *`;
  }

  transaction<T>(work: (scope: PostgresLedgerTransaction) => Promise<T>): Promise<T> {
    return runInTransaction(this.#db, (db) => work({ ledger: new PostgresLedgerImplementation({ ...this.#options, db }), db }));
  }

  /**
   * Writes a new row with `createdAt = updatedAt =` the database's `now()` and no lease.
   * The id must be a UUID (the column type).
   */
  async insert(record: NewVideoRecord): Promise<VideoRecord> {
    const recordId = typeof record?.id === 'string' ? record.id : undefined;
    if (recordId === undefined || !uuidPattern.test(recordId)) {
      throw new LedgerError(`insert into ${this.#name.label} failed: the record id must be a UUID`, {
        ledger: this.id,
        ...(recordId === undefined ? {} : { recordId }),
      });
    }
    const params = this.#encode('insert into', recordId, () =>
      insertableColumns.map((column) => encodeColumnValue(column, (record as unknown as Record<string, unknown>)[column.field])),
    );
    const rows = await this.#query('insert into', this.#insertSql, params, recordId);
    return this.#mapFirst('insert into', rows, recordId);
  }

  /**
   * Applies the fields of `patch` that are not `undefined` (`null` clears a field; `audit` and
   * `metadata` become `{}`) and sets `updatedAt` to the database's `now()`, in one statement.
   * Fields a patch may not change (`id`, `createdAt`, `provider`, `operation`,
   * `idempotencyKey`) are ignored. With `expectStatus`, the row changes only while its status
   * is one of them; otherwise `STATUS_CONFLICT` (or `RECORD_NOT_FOUND` when there is no row).
   */
  async update(id: string, patch: VideoRecordPatch, options: { expectStatus?: readonly VideoStatus[] } = {}): Promise<VideoRecord> {
    if (typeof id !== 'string' || !uuidPattern.test(id)) throw this.#notFound(id);
    const params: unknown[] = [id];
    const assignments = this.#encode('update of', id, () => {
      const sets: string[] = [];
      for (const [field, value] of Object.entries(patch ?? {})) {
        const column = updatableColumns.get(field);
        if (value === undefined || column === undefined) continue;
        params.push(encodeColumnValue(column, value));
        sets.push(`${column.column} = $${params.length}${castOf(column.kind)}`);
      }
      return sets;
    });
    assignments.push(`updated_at = ${databaseNow}`);
    let condition = 'id = $1::uuid';
    const { expectStatus } = options;
    if (expectStatus !== undefined) {
      params.push(statusList(expectStatus));
      condition += ` AND status = ANY(string_to_array($${params.length}::text, ','))`;
    }
    const rows = await this.#query(
      'update of',
      `UPDATE ${this.#name.qualified} SET ${assignments.join(', ')} WHERE ${condition} RETURNING *`,
      params,
      id,
    );
    if (rows.length > 0) return this.#mapFirst('update of', rows, id);

    // Nothing matched: tell a missing row from a lost race.
    const current = await this.#query('update of', `SELECT status FROM ${this.#name.qualified} WHERE id = $1::uuid`, [id], id);
    const status = (current[0] as { status?: unknown } | undefined)?.status;
    if (status === undefined) throw this.#notFound(id);
    const expected = (expectStatus ?? []).map((value) => `"${String(value)}"`).join(' or ') || 'none';
    throw new LedgerError(`update of ${this.#name.label} failed: the record's status is "${String(status)}", expected ${expected}`, {
      ledger: this.id,
      recordId: id,
      code: 'STATUS_CONFLICT',
    });
  }

  /** The row with this id, or `null` (also for an id that is not a UUID: no row can have it). */
  async get(id: string): Promise<VideoRecord | null> {
    if (typeof id !== 'string' || !uuidPattern.test(id)) return null;
    const rows = await this.#query('select from', `SELECT * FROM ${this.#name.qualified} WHERE id = $1::uuid`, [id], id);
    return rows.length === 0 ? null : this.#mapFirst('select from', rows, id);
  }

  /** The row with this idempotency key, or `null`. */
  async findByIdempotencyKey(key: string): Promise<VideoRecord | null> {
    const rows = await this.#query(
      'select from',
      `SELECT * FROM ${this.#name.qualified} WHERE idempotency_key = $1::text`,
      [key],
    );
    return rows.length === 0 ? null : this.#mapFirst('select from', rows);
  }

  /**
   * Rows newest first (`createdAt` descending, then `id` descending), filtered by every given
   * field: `createdAfter` inclusive, `createdBefore` exclusive, audit fields by equality
   * (the four known ones use their expression indexes), `qualityMode` by equality and
   * `promptContains` as a case-insensitive substring. Keyset pagination: `nextCursor` is
   * an opaque base64url string, set only when more rows follow.
   *
   * @throws LedgerError `INVALID_QUERY` for a limit outside 1–1000, a malformed cursor, an
   * unknown status or an unparseable time.
   */
  async list(query: VideoRecordQuery = {}): Promise<{ records: VideoRecord[]; nextCursor?: string }> {
    const limit = query.limit ?? defaultListLimit;
    if (!Number.isInteger(limit) || limit < 1 || limit > maxListLimit) {
      throw this.#invalidQuery(`limit must be a whole number from 1 to ${maxListLimit}`);
    }
    const conditions: string[] = [];
    const params: unknown[] = [];
    const parameter = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}${cast}`;
    };

    conditions.push(...this.#filterConditions(query, parameter));
    if (query.cursor !== undefined) {
      const cursor = decodeTableListCursor(query.cursor);
      if (cursor === undefined) throw this.#invalidQuery('cursor is malformed; pass a nextCursor from a previous page');
      conditions.push(`(created_at, id) < (${parameter(cursor.createdAt, '::timestamptz')}, ${parameter(cursor.id, '::uuid')})`);
    }

    const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
    // One row more than the page tells whether another page follows.
    const rows = await this.#query(
      'select from',
      `SELECT * FROM ${this.#name.qualified}${where} ORDER BY created_at DESC, id DESC LIMIT ${parameter(limit + 1, '::int')}`,
      params,
    );
    const records = rows.slice(0, limit).map((row) => this.#map('select from', row));
    const last = records.at(-1);
    return rows.length > limit && last !== undefined
      ? { records, nextCursor: encodeListCursor({ createdAt: last.createdAt, id: last.id }) }
      : { records };
  }

  /**
   * The WHERE conditions of every filter of `list` and `summarizeCosts` but the cursor:
   * status, provider, quality mode, prompt substring (`strpos` on lower-cased text, so `%`
   * and `_` are plain characters), audit fields and the creation window.
   */
  #filterConditions(query: VideoCostSummaryQuery, parameter: (value: unknown, cast: string) => string): string[] {
    const conditions: string[] = [];
    if (query.status !== undefined) {
      const statuses: readonly unknown[] = typeof query.status === 'string' ? [query.status] : query.status;
      for (const status of statuses) {
        if (!videoStatuses.includes(status as VideoStatus)) throw this.#invalidQuery('status must be one of the video statuses');
      }
      conditions.push(`status = ANY(string_to_array(${parameter(statusList(statuses as VideoStatus[]), '::text')}, ','))`);
    }
    if (query.provider !== undefined) conditions.push(`provider = ${parameter(query.provider, '::text')}`);
    if (query.qualityMode !== undefined) conditions.push(`quality_mode = ${parameter(query.qualityMode, '::text')}`);
    if (query.promptContains !== undefined && query.promptContains !== '') {
      conditions.push(`strpos(lower(prompt), lower(${parameter(query.promptContains, '::text')})) > 0`);
    }
    for (const [field, value] of Object.entries(query.audit ?? {})) {
      if (value === undefined) continue;
      // Unknown audit keys travel as a parameter too; they just have no index.
      const expression = indexedAuditExpressions[field] ?? `audit ->> ${parameter(field, '::text')}`;
      conditions.push(`${expression} = ${parameter(String(value), '::text')}`);
    }
    const createdAfter = this.#queryTime('createdAfter', query.createdAfter);
    if (createdAfter !== undefined) conditions.push(`created_at >= ${parameter(createdAfter, '::timestamptz')}`);
    const createdBefore = this.#queryTime('createdBefore', query.createdBefore);
    if (createdBefore !== undefined) conditions.push(`created_at < ${parameter(createdBefore, '::timestamptz')}`);
    return conditions;
  }

  /**
   * Costs summed in the database, per UTC day, actor, campaign, quality mode and status: one
   * `GROUP BY` over the `numeric` cost columns, exact to the cent (no row leaves the database).
   *
   * @throws LedgerError `INVALID_QUERY` for an unknown status or an unparseable time.
   */
  async summarizeCosts(query: VideoCostSummaryQuery = {}): Promise<VideoCostGroup[]> {
    const params: unknown[] = [];
    const parameter = (value: unknown, cast: string) => {
      params.push(value);
      return `$${params.length}${cast}`;
    };
    const conditions = this.#filterConditions(query, parameter);
    const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
    const rows = await this.#query(
      'summarizeCosts on',
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, audit ->> 'actorId' AS actor_id,
  audit ->> 'pipelineRequestId' AS pipeline_request_id, quality_mode, status, count(*)::int AS count,
  coalesce(sum(estimated_cost_usd), 0)::text AS estimated, coalesce(sum(actual_cost_usd), 0)::text AS billed,
  count(actual_cost_usd)::int AS billed_count
FROM ${this.#name.qualified}${where}
GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      params,
    );
    return rows.map((row) => ({
      day: String(row.day),
      actorId: row.actor_id === null || row.actor_id === undefined ? null : String(row.actor_id),
      pipelineRequestId: row.pipeline_request_id === null || row.pipeline_request_id === undefined ? null : String(row.pipeline_request_id),
      qualityMode: String(row.quality_mode),
      status: row.status as VideoStatus,
      count: Number(row.count),
      estimatedCostUsd: Number(row.estimated),
      billedCostUsd: Number(row.billed),
      billedCount: Number(row.billed_count),
    }));
  }

  /**
   * Leases up to `limit` rows in an active status (`pending`, `submitted`, `generating`,
   * `persisting`) not updated for at least `olderThanMs` and whose lease is absent or expired,
   * oldest `updatedAt` first, in one statement with `FOR UPDATE SKIP LOCKED`: concurrent
   * claims skip each other's rows instead of waiting or double-claiming. Sets `leaseOwner`
   * and `leaseExpiresAt = now() + leaseMs` (database clock); `updatedAt` stays as it was.
   *
   * @throws LedgerError `INVALID_QUERY` for a negative or non-finite time, an empty owner or
   * a limit that is not a positive whole number.
   */
  async claimStale(input: ClaimStaleInput): Promise<VideoRecord[]> {
    const { olderThanMs, owner, leaseMs, limit } = input;
    const problem = checkClaimStaleInput(input);
    if (problem !== undefined) throw this.#invalidQuery(problem);
    const table = this.#name.qualified;
    const rows = await this.#query(
      'claimStale on',
      `WITH claimed AS (
  UPDATE ${table}
  SET lease_owner = $1::text, lease_expires_at = ${databaseNow} + $2::double precision * interval '1 millisecond'
  WHERE id IN (
    SELECT id FROM ${table}
    WHERE status = ANY(string_to_array($3::text, ','))
      AND updated_at <= now() - $4::double precision * interval '1 millisecond'
      AND (lease_expires_at IS NULL OR lease_expires_at <= now())
    ORDER BY updated_at, id
    LIMIT $5::int
    FOR UPDATE SKIP LOCKED
  )
  RETURNING *
)
SELECT * FROM claimed ORDER BY updated_at, id`,
      [owner, leaseMs, statusList(activeVideoStatuses), olderThanMs, limit],
    );
    return rows.map((row) => this.#map('claimStale on', row));
  }

  /** Runs one statement, turning any failure into a `LedgerError`. */
  async #query(operation: string, text: string, params: unknown[], recordId?: string): Promise<Record<string, unknown>[]> {
    try {
      const result = await this.#db.query(text, params);
      return result.rows as Record<string, unknown>[];
    } catch (error) {
      throw toLedgerError(error, {
        operation,
        tableLabel: this.#name.label,
        idempotencyConstraint: this.#idempotencyConstraint,
        ...(recordId === undefined ? {} : { recordId }),
      });
    }
  }

  /** Builds parameters, turning a JSON field that cannot be serialised into a `LedgerError`. */
  #encode<T>(operation: string, recordId: string, build: () => T): T {
    try {
      return build();
    } catch (error) {
      throw new LedgerError(`${operation} ${this.#name.label} failed: a JSON field of the record cannot be serialised`, {
        ledger: this.id,
        recordId,
        cause: error,
      });
    }
  }

  #mapFirst(operation: string, rows: Record<string, unknown>[], recordId?: string): VideoRecord {
    const row = rows[0];
    if (row === undefined) {
      throw new LedgerError(`${operation} ${this.#name.label} failed: the database returned no row`, {
        ledger: this.id,
        ...(recordId === undefined ? {} : { recordId }),
      });
    }
    return this.#map(operation, row);
  }

  #map(operation: string, row: Record<string, unknown>): VideoRecord {
    try {
      return mapVideoRecordRow(row);
    } catch (error) {
      throw new LedgerError(`${operation} ${this.#name.label} failed: a row could not be read`, {
        ledger: this.id,
        cause: error,
        ...(typeof row.id === 'string' ? { recordId: row.id } : {}),
      });
    }
  }

  #notFound(id: unknown): LedgerError {
    return new LedgerError(`update of ${this.#name.label} failed: no such record`, {
      ledger: this.id,
      code: 'RECORD_NOT_FOUND',
      ...(typeof id === 'string' ? { recordId: id } : {}),
    });
  }

  #queryTime(field: string, value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    if (Number.isNaN(time)) throw this.#invalidQuery(`${field} must be an ISO 8601 time`);
    return new Date(time).toISOString();
  }

  #invalidQuery(detail: string): LedgerError {
    return new LedgerError(`Invalid query on ${this.#name.label}: ${detail}`, { ledger: this.id, code: 'INVALID_QUERY' });
  }
}

import type { Ledger, VideoCostGroup, VideoCostSummaryQuery } from '@ring/video-conductor';
import type { SqlClient } from './sql-client.js';

/** Options of {@link createPostgresLedger}. */
export interface PostgresLedgerOptions {
  /**
   * Runs the ledger's statements: a `pg` `Pool` (recommended for servers), a `pg` `Client`,
   * a PGlite instance, Neon's serverless `Pool`, or postgres.js wrapped by `fromPostgresJs`.
   * The ledger never opens, ends or releases it: the caller owns its lifetime.
   */
  db: SqlClient;
  /**
   * The ledger table, a plain identifier (letters, digits, `_`; at most 39 characters so
   * index names derived from it fit Postgres' 63-byte limit). Create it with `migrate()`.
   * @default 'generated_videos'
   */
  table?: string;
  /**
   * The schema of the table, a plain identifier. `undefined`: unqualified, so the
   * connection's `search_path` decides (usually `public`).
   */
  schema?: string;
}

/** The Postgres `Ledger`, from {@link createPostgresLedger}. */
export interface PostgresLedger extends Ledger {
  readonly id: 'postgres';
  /** The table name as configured, e.g. `generated_videos`. */
  readonly table: string;
  /** The schema as configured; `undefined` when the `search_path` decides. */
  readonly schema: string | undefined;
  /** Costs summed in one `GROUP BY` in the database (always present on this ledger). */
  summarizeCosts(query: VideoCostSummaryQuery): Promise<VideoCostGroup[]>;
  /**
   * Runs `work` in one transaction on one connection: `scope.ledger` is this ledger (same
   * table) bound to it, `scope.db` the connection, for other statements that must commit or
   * roll back with the ledger's (a pg-boss job sent with `{ db }`, an app's own row). Commits
   * when `work` resolves, rolls back when it rejects.
   *
   * The connection: one checked out of a `pg` `Pool` (released afterwards), PGlite's or
   * postgres.js's `transaction`, or — on a single `pg` `Client` — the client itself, so
   * statements other code sends on that client meanwhile would join the transaction: give
   * the ledger a pool when the client is shared.
   *
   * @example
   * ```ts
   * await ledger.transaction(async ({ ledger: inTransaction, db }) => {
   *   const { recordId } = await conductor.reserve(request, { ledger: inTransaction });
   *   await db.query('INSERT INTO clip_jobs (record_id) VALUES ($1)', [recordId]);
   * });
   * ```
   */
  transaction<T>(work: (scope: PostgresLedgerTransaction) => Promise<T>): Promise<T>;
}

/** What {@link PostgresLedger.transaction} hands its callback. */
export interface PostgresLedgerTransaction {
  /** The same table, every statement inside the transaction. */
  ledger: PostgresLedger;
  /** The transaction's connection. */
  db: SqlClient;
}

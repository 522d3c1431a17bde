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
}

/**
 * What a query resolves to: the rows, one plain object per row keyed by column name.
 * `pg`, PGlite and Neon's serverless driver all resolve to an object with `rows`.
 */
export interface SqlQueryResult {
  /** The rows the statement returned (empty for statements that return none). */
  rows: unknown[];
}

/**
 * The one thing the Postgres ledger needs from a driver: run one parameterised statement.
 *
 * Satisfied as they are by a `pg` `Pool`, `Client` or `PoolClient`, a PGlite instance and
 * Neon's serverless `Pool` / `Client`; wrap postgres.js with {@link fromPostgresJs}.
 * Placeholders are `$1`, `$2`, … and every value travels in `params`, never in `text`.
 *
 * The ledger sends one statement per call and never relies on two calls sharing a
 * connection, so a pool is fine. {@link migrate} needs a transaction over one connection;
 * it takes one from a pool ({@link SqlPool}) or uses {@link TransactionalSqlClient.transaction}.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * const db: SqlClient = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * ```
 */
export interface SqlClient {
  /**
   * Runs one statement.
   * @param text SQL with `$n` placeholders.
   * @param params The values of the placeholders, in order; `null` is SQL `NULL`.
   */
  query(text: string, params?: unknown[]): Promise<SqlQueryResult>;
}

/** A connection lent by a {@link SqlPool}; `release()` gives it back. */
export interface PooledSqlClient extends SqlClient {
  /**
   * Returns the connection to its pool. With an error (or `true`), `pg` closes the
   * connection instead of reusing it.
   */
  release(error?: Error | boolean): void;
}

/**
 * A pool that lends single connections: `pg.Pool`, Neon's serverless `Pool`.
 * {@link migrate} recognises one by `connect()` plus the pool counters (`totalCount`) that
 * `pg-pool` has and a single `pg.Client` has not.
 */
export interface SqlPool extends SqlClient {
  /** Checks out one connection. */
  connect(): Promise<PooledSqlClient>;
}

/**
 * A client that runs a callback inside a transaction on one connection, committing when
 * the callback resolves and rolling back when it rejects: PGlite's `transaction()`, and the
 * wrapper {@link fromPostgresJs} returns (over postgres.js `sql.begin`).
 */
export interface TransactionalSqlClient extends SqlClient {
  transaction<T>(callback: (transaction: SqlClient) => Promise<T>): Promise<T>;
}

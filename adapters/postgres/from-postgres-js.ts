import type { SqlClient, SqlQueryResult, TransactionalSqlClient } from './sql-client.js';

/**
 * The part of a postgres.js `sql` instance (or of the `sql` a transaction callback gets)
 * that {@link fromPostgresJs} uses. Declared structurally so this package does not depend
 * on `postgres`; a real `postgres()` instance satisfies it.
 */
export interface PostgresJsSql {
  /**
   * Runs one statement with `$n` placeholders and its parameters; resolves to the rows
   * (an array). See https://github.com/porsager/postgres#unsafe-raw-queries
   */
  // `any[]` mirrors postgres.js' own parameter type, so its `Sql` assigns to this interface.
  unsafe(query: string, parameters?: any[]): PromiseLike<ArrayLike<unknown>>;
  /**
   * Runs a callback in a transaction on one reserved connection (postgres.js `sql.begin`);
   * used by `migrate`. See https://github.com/porsager/postgres#transactions
   */
  begin?(callback: (sql: any) => Promise<unknown>): Promise<unknown>;
}

/**
 * Adapts a postgres.js instance (`import postgres from 'postgres'`) to the {@link SqlClient}
 * the ledger and `migrate` use. Statements go through `sql.unsafe(text, params)`, which
 * takes `$n` placeholders and sends the values separately (nothing is interpolated); when
 * `sql.begin` exists, the result is a {@link TransactionalSqlClient}, so `migrate` runs its
 * transaction on one connection.
 *
 * Create the instance without a column `transform` (such as `postgres.camel`): the ledger
 * reads the snake_case column names.
 *
 * @param sql A `postgres()` instance, or the `sql` of a `sql.begin` callback.
 * @example
 * ```ts
 * import postgres from 'postgres';
 * import { createPostgresLedger, fromPostgresJs, migrate } from '@ring/video-conductor/postgres';
 *
 * const db = fromPostgresJs(postgres(process.env.DATABASE_URL!));
 * await migrate(db);
 * const ledger = createPostgresLedger({ db });
 * ```
 */
export function fromPostgresJs(sql: PostgresJsSql): TransactionalSqlClient {
  const query = async (text: string, params: unknown[] = []): Promise<SqlQueryResult> => {
    const rows = await sql.unsafe(text, params);
    // postgres.js resolves to an array subclass carrying `count`, `columns`…: keep just the rows.
    return { rows: Array.from(rows) };
  };
  return {
    query,
    async transaction<T>(callback: (transaction: SqlClient) => Promise<T>): Promise<T> {
      if (typeof sql.begin !== 'function') {
        throw new TypeError('fromPostgresJs: this postgres.js instance has no begin(); pass the top-level sql, not a reserved connection');
      }
      return (await sql.begin((transactionSql: PostgresJsSql) => callback(fromPostgresJs(transactionSql)))) as T;
    },
  };
}

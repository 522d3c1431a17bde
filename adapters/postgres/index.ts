/**
 * `@ring/video-conductor/postgres` — the durable `Ledger` on Postgres: the
 * `generated_videos` table, its migrations, and leases that let many workers on many
 * machines share one database.
 *
 * - {@link createPostgresLedger}: the ledger over any client with
 *   `query(text, params) → Promise<{ rows }>` — a `pg` `Pool` or `Client`, PGlite, Neon's
 *   serverless `Pool` — or postgres.js through {@link fromPostgresJs}. No driver is imported
 *   by this package: `pg`, `@electric-sql/pglite`, `@neondatabase/serverless` and `postgres`
 *   are yours to install.
 * - {@link migrate}: creates and upgrades the table; idempotent, recorded in
 *   `video_conductor_migrations`, and serialised by an advisory lock so processes starting
 *   together do not race. {@link renderPostgresMigrations} gives the same SQL to other
 *   migration tools.
 *
 * Every statement is parameterised; only the validated, quoted table and schema names enter
 * SQL text. Timestamps come from the database clock. `claimStale` uses
 * `FOR UPDATE SKIP LOCKED`, so concurrent workers never claim the same row.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const ledger = createPostgresLedger({ db: pool });
 * ```
 *
 * @example PGlite (embedded, in memory or in a directory)
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * const db = await PGlite.create('./.video-conductor/ledger');
 * await migrate(db);
 * const ledger = createPostgresLedger({ db });
 * ```
 *
 * @module
 */
export { createPostgresLedger } from './create-postgres-ledger.js';
export type { PostgresLedger, PostgresLedgerOptions, PostgresLedgerTransaction } from './postgres-ledger-options.js';
export { migrate, type MigrateOptions, type MigrateResult } from './migrate.js';
export { renderPostgresMigrations, type RenderedPostgresMigration } from './render-migration-sql.js';
export { postgresMigrations, type PostgresMigration } from './migrations/index.js';
export { fromPostgresJs, type PostgresJsSql } from './from-postgres-js.js';
export type { PooledSqlClient, SqlClient, SqlPool, SqlQueryResult, TransactionalSqlClient } from './sql-client.js';
export { defaultTableName, migrationsTableName } from './table-name.js';

import { LedgerError } from '@ring/video-conductor';
import { postgresMigrations } from './migrations/index.js';
import { renderMigrationSql } from './render-migration-sql.js';
import { runInTransaction } from './run-in-transaction.js';
import type { SqlClient } from './sql-client.js';
import { splitSqlStatements } from './split-sql-statements.js';
import { migrationsTableName, quoteIdentifier, resolveTableName } from './table-name.js';
import { postgresLedgerId, toLedgerError } from './to-ledger-error.js';

/** Options of {@link migrate}: the same table and schema as given to `createPostgresLedger`. */
export interface MigrateOptions {
  /** The ledger table. @default 'generated_videos' */
  table?: string;
  /** Its schema, created when missing. `undefined`: the connection's `search_path` decides. */
  schema?: string;
}

/** What {@link migrate} did. */
export interface MigrateResult {
  /** Names of the migrations applied by this call, in order; empty when all were applied before. */
  applied: string[];
}

/**
 * Key of the transaction-level advisory lock that serialises `migrate` calls across
 * processes: one lock for every ledger table of a database, since migrating is rare and quick.
 * An arbitrary constant (the ASCII of `vidcondu`), passed as a parameter.
 */
const migrationLockKey = '8532479470425638005';

/**
 * Brings the ledger table up to date: applies the shipped migrations that this table has
 * not had yet, in order, and records each in `video_conductor_migrations` (table name,
 * migration name, sha256 of its SQL, time) in the same schema.
 *
 * Idempotent and safe to call at every start-up from many processes at once: everything
 * runs in one transaction that first takes `pg_advisory_xact_lock`, so concurrent calls
 * wait for one another and the later ones find nothing left to do; a failed migration
 * rolls back completely.
 *
 * The transaction needs one connection. `db` may be a `pg` `Pool` or Neon `Pool` (one
 * connection is checked out and released), a `pg` `Client` or `PoolClient`, PGlite (its
 * `transaction()`), or postgres.js wrapped by `fromPostgresJs` (`sql.begin`).
 *
 * @param db The database.
 * @param options The table and schema, as given to `createPostgresLedger`.
 * @returns The names of the migrations this call applied.
 * @throws LedgerError `MIGRATION_CHECKSUM_MISMATCH` when an applied migration's recorded
 * checksum differs from the shipped SQL (someone edited a released migration); `LEDGER_ERROR`
 * when a statement fails (retryable when the database could not be reached).
 * @throws InvalidRequestError when `table` or `schema` is not a plain identifier.
 * @example
 * ```ts
 * import pg from 'pg';
 * import { migrate } from '@ring/video-conductor/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const { applied } = await migrate(pool);
 * console.log(applied.length === 0 ? 'ledger up to date' : `applied ${applied.join(', ')}`);
 * ```
 */
export async function migrate(db: SqlClient, options: MigrateOptions = {}): Promise<MigrateResult> {
  const name = resolveTableName(options);
  const migrationsTable = name.qualify(migrationsTableName);
  const migrations = await Promise.all(
    postgresMigrations.map(async (migration) => ({
      name: migration.name,
      checksum: await sha256Hex(migration.sql),
      statements: splitSqlStatements(renderMigrationSql(migration.sql, options)),
    })),
  );
  const failed = { operation: 'migrate of', tableLabel: name.label };

  try {
    return await runInTransaction(db, async (transaction) => {
      await transaction.query('SELECT pg_advisory_xact_lock($1::bigint)', [migrationLockKey]);
      if (name.schema !== undefined) {
        const schemaRows = await transaction.query('SELECT 1 FROM pg_namespace WHERE nspname = $1::text', [name.schema]);
        // Checked first so a role without CREATE on the database can migrate into an existing schema.
        if (schemaRows.rows.length === 0) await transaction.query(`CREATE SCHEMA ${quoteIdentifier(name.schema)}`, []);
      }
      const existing = await transaction.query('SELECT to_regclass($1::text) IS NOT NULL AS present', [migrationsTable]);
      if ((existing.rows[0] as { present?: unknown } | undefined)?.present !== true) {
        await transaction.query(
          `CREATE TABLE ${migrationsTable} (
  table_name text NOT NULL,
  name text NOT NULL,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (table_name, name)
)`,
          [],
        );
      }
      const recorded = await transaction.query(`SELECT name, checksum FROM ${migrationsTable} WHERE table_name = $1::text`, [
        name.table,
      ]);
      const checksums = new Map(
        (recorded.rows as { name: unknown; checksum: unknown }[]).map((row) => [String(row.name), String(row.checksum)]),
      );

      const applied: string[] = [];
      for (const migration of migrations) {
        const checksum = checksums.get(migration.name);
        if (checksum !== undefined) {
          if (checksum !== migration.checksum) {
            throw new LedgerError(
              `migrate of ${name.label} failed: migration ${migration.name} was applied with different SQL ` +
                `(checksum ${checksum.slice(0, 12)}…, shipped ${migration.checksum.slice(0, 12)}…); released migrations must not change`,
              { ledger: postgresLedgerId, code: 'MIGRATION_CHECKSUM_MISMATCH' },
            );
          }
          continue;
        }
        for (const statement of migration.statements) await transaction.query(statement, []);
        await transaction.query(`INSERT INTO ${migrationsTable} (table_name, name, checksum) VALUES ($1::text, $2::text, $3::text)`, [
          name.table,
          migration.name,
          migration.checksum,
        ]);
        applied.push(migration.name);
      }
      return { applied };
    });
  } catch (error) {
    throw toLedgerError(error, failed);
  }
}

/** Hex sha256 of a text's UTF-8 bytes, with Web Crypto (Node ≥ 19, browsers, edge runtimes). */
async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

import path from 'node:path';
import { createPostgresLedger, migrate, type PostgresLedger, type SqlClient } from '@ring/video-conductor/postgres';
import { lockEmbeddedLedger } from './embedded-ledger-lock.js';
import { defaultImportModule, loadOptionalModule } from './load-optional-module.js';
import { readVariable, resolveHome } from './read-env.js';
import type { VideoConductorEnv, VideoConductorEnvOptions } from './video-conductor-env-options.js';

/** The ledger the environment chose. */
export interface LedgerFromEnv {
  ledger: PostgresLedger;
  /** `postgres://host:port/database` (no password) or `pglite:<directory>`. */
  description: string;
  /** Whether it is the embedded PGlite ledger. */
  embedded: boolean;
  /**
   * The ledger's database client (the `pg` `Pool` or the PGlite instance), for tools that share
   * the database, such as the pg-boss queue. Owned by this object: `close()` ends it.
   */
  db: SqlClient;
  /** `DATABASE_URL` when set; `undefined` for the embedded ledger. */
  databaseUrl: string | undefined;
  /** Applies the migrations the table has not had. */
  migrate(): Promise<{ applied: string[] }>;
  /** Ends the pool, or closes PGlite and releases its lock. Idempotent. */
  close(): Promise<void>;
}

interface PgModule {
  Pool: new (config: { connectionString: string }) => SqlClient & { end(): Promise<void> };
}

interface PgliteModule {
  PGlite: { create(dataDir: string): Promise<SqlClient & { close(): Promise<void> }> };
}

/** `postgres://user:secret@host:5432/db?sslmode=…` → `postgres://host:5432/db`: never a password in a log. */
export function describeDatabaseUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return 'postgres (DATABASE_URL)';
  }
}

/**
 * Opens the ledger the environment asks for: a `pg` `Pool` on `DATABASE_URL`, else the
 * embedded PGlite under `<home>/ledger` (created, locked against a second process, and
 * migrated on first use). `VIDEO_CONDUCTOR_LEDGER_TABLE` and `VIDEO_CONDUCTOR_LEDGER_SCHEMA`
 * choose the table. `pg` and `@electric-sql/pglite` are loaded only when needed.
 *
 * @throws InvalidRequestError `MISSING_PEER_DEPENDENCY` naming the package to install.
 * @throws LedgerError `LEDGER_IN_USE` when another process has the embedded ledger open.
 * @example
 * ```ts
 * const { ledger, close } = await createLedgerFromEnv(process.env);
 * const { records } = await ledger.list({ limit: 10 });
 * await close();
 * ```
 */
export async function createLedgerFromEnv(env: VideoConductorEnv = process.env, options: VideoConductorEnvOptions = {}): Promise<LedgerFromEnv> {
  const importModule = options.importModule ?? defaultImportModule;
  const table = readVariable(env, 'VIDEO_CONDUCTOR_LEDGER_TABLE');
  const schema = readVariable(env, 'VIDEO_CONDUCTOR_LEDGER_SCHEMA');
  const names = { ...(table === undefined ? {} : { table }), ...(schema === undefined ? {} : { schema }) };
  const databaseUrl = readVariable(env, 'DATABASE_URL');

  let db: SqlClient;
  let closeDb: () => Promise<void>;
  let description: string;
  const embedded = databaseUrl === undefined;
  if (databaseUrl !== undefined) {
    const pg = await loadOptionalModule<PgModule & { default?: PgModule }>(importModule, 'pg', {
      field: 'DATABASE_URL',
      purpose: 'The Postgres ledger (DATABASE_URL is set)',
      packages: ['pg'],
    });
    const pool = new (pg.default ?? pg).Pool({ connectionString: databaseUrl });
    db = pool;
    closeDb = () => pool.end();
    description = describeDatabaseUrl(databaseUrl);
  } else {
    const directory = path.join(resolveHome(env, options), 'ledger');
    const { PGlite } = await loadOptionalModule<PgliteModule>(importModule, '@electric-sql/pglite', {
      field: 'DATABASE_URL',
      purpose: 'The embedded ledger (DATABASE_URL is not set)',
      packages: ['@electric-sql/pglite'],
    });
    const unlock = await lockEmbeddedLedger(directory);
    let pglite: Awaited<ReturnType<PgliteModule['PGlite']['create']>>;
    try {
      pglite = await PGlite.create(directory);
    } catch (error) {
      await unlock();
      throw error;
    }
    db = pglite;
    closeDb = async () => {
      try {
        await pglite.close();
      } finally {
        await unlock();
      }
    };
    description = `pglite:${directory}`;
  }

  let closing: Promise<void> | undefined;
  const close = () => (closing ??= closeDb());
  try {
    const shouldMigrate = options.migrate === true || ((options.migrate ?? 'embedded') === 'embedded' && embedded);
    if (shouldMigrate) await migrate(db, names);
    return {
      ledger: createPostgresLedger({ db, ...names }),
      description,
      embedded,
      db,
      databaseUrl,
      migrate: () => migrate(db, names),
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

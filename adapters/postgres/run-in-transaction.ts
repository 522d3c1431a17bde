import { LedgerError } from '@ring/video-conductor';
import type { SqlClient, SqlPool, TransactionalSqlClient } from './sql-client.js';
import { postgresLedgerId } from './to-ledger-error.js';

/**
 * Runs `work` inside one transaction on one connection, committing when it resolves and
 * rolling back when it rejects. The connection is chosen by what `db` is:
 *
 * 1. it has `transaction(callback)` (PGlite, `fromPostgresJs`): that is used;
 * 2. it is a pool (`connect()` plus `pg-pool`'s `totalCount`: `pg.Pool`, Neon's `Pool`): one
 *    connection is checked out for the transaction and released afterwards;
 * 3. anything else is taken to be a single connection (`pg.Client`, a `PoolClient`):
 *    `BEGIN` … `COMMIT` are sent through it.
 *
 * In case 3 a client that is secretly a pool (a `{ query }` wrapper around `pg.Pool`) would
 * spread the transaction over several connections, and the advisory lock taken in it would
 * protect nothing. So right after `BEGIN` the transaction id is read twice: inside one
 * transaction both reads agree; over a pool they do not, and the call fails loudly.
 */
export async function runInTransaction<T>(db: SqlClient, work: (transaction: SqlClient) => Promise<T>): Promise<T> {
  if (hasTransaction(db)) return db.transaction(work);
  if (isPool(db)) {
    const connection = await db.connect();
    let broken: Error | undefined;
    try {
      return await inTransactionBlock(connection, work, (error) => {
        broken = error instanceof Error ? error : new Error('ROLLBACK failed');
      });
    } finally {
      // A connection whose ROLLBACK failed may still be inside the transaction: pg closes it.
      connection.release(broken);
    }
  }
  return inTransactionBlock(db, work, () => {});
}

async function inTransactionBlock<T>(
  connection: SqlClient,
  work: (transaction: SqlClient) => Promise<T>,
  onRollbackFailure: (error: unknown) => void,
): Promise<T> {
  await connection.query('BEGIN', []);
  try {
    await assertOneConnection(connection);
    const result = await work(connection);
    await connection.query('COMMIT', []);
    return result;
  } catch (error) {
    try {
      await connection.query('ROLLBACK', []);
    } catch (rollbackError) {
      onRollbackFailure(rollbackError);
    }
    throw error;
  }
}

async function assertOneConnection(connection: SqlClient): Promise<void> {
  const first = await connection.query('SELECT txid_current()::text AS xid', []);
  const second = await connection.query('SELECT txid_current()::text AS xid', []);
  const xidOf = (result: { rows: unknown[] }) => String((result.rows[0] as { xid?: unknown } | undefined)?.xid);
  if (xidOf(first) !== xidOf(second)) {
    throw new LedgerError(
      'a transaction (migrate, ledger.transaction) needs one connection, but the statements ran on different ones: ' +
        'pass the pg Pool itself (not a wrapper around its query method), a pg Client, or PGlite',
      { ledger: postgresLedgerId, code: 'LEDGER_ERROR' },
    );
  }
}

function hasTransaction(db: SqlClient): db is TransactionalSqlClient {
  return typeof (db as Partial<TransactionalSqlClient>).transaction === 'function';
}

function isPool(db: SqlClient): db is SqlPool {
  const candidate = db as Partial<SqlPool> & { release?: unknown };
  return typeof candidate.connect === 'function' && typeof candidate.release !== 'function' && 'totalCount' in db;
}

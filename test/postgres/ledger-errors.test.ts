import { LedgerError } from '@ring/video-conductor';
import { sampleVideoRecord } from '@ring/video-conductor/contract';
import { createPostgresLedger, migrate, type SqlClient } from '@ring/video-conductor/postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { toLedgerError } from '../../adapters/postgres/to-ledger-error.js';

async function rejectionOf(promise: Promise<unknown>): Promise<LedgerError> {
  try {
    await promise;
  } catch (error) {
    expect(LedgerError.isInstance(error), `expected a LedgerError, got ${String(error)}`).toBe(true);
    return error as LedgerError;
  }
  return expect.fail('the call resolved, but it must reject');
}

/** An error as drivers throw them: a message plus fields. */
const driverError = (message: string, fields: Record<string, unknown>) => Object.assign(new Error(message), fields);

const failed = { operation: 'insert into', tableLabel: 'generated_videos', idempotencyConstraint: 'generated_videos_idempotency_key_key' };

describe('Postgres ledger error mapping', () => {
  describe('a pg Pool pointed at a closed port', () => {
    // Port 1 on loopback: nothing listens there, so every connect is refused at once.
    const connectionString = 'postgres://video_user:s3cret-Passw0rd@127.0.0.1:1/videos_db';
    const pool = new pg.Pool({ connectionString, connectionTimeoutMillis: 5000 });
    afterAll(() => pool.end());

    it('rejects every ledger call with a retryable LedgerError that names the operation, not the connection string', async () => {
      const ledger = createPostgresLedger({ db: pool });
      const calls: [string, Promise<unknown>][] = [
        ['insert into generated_videos failed', ledger.insert(sampleVideoRecord())],
        ['select from generated_videos failed', ledger.get('7d444840-9dc0-11d1-b245-5ffdce74fad2')],
        ['select from generated_videos failed', ledger.list({})],
        ['update of generated_videos failed', ledger.update('7d444840-9dc0-11d1-b245-5ffdce74fad2', { status: 'failed' })],
        ['claimStale on generated_videos failed', ledger.claimStale({ olderThanMs: 0, owner: 'w', leaseMs: 1000, limit: 1 })],
        ['migrate of generated_videos failed', migrate(pool)],
      ];
      for (const [prefix, call] of calls) {
        const error = await rejectionOf(call);
        expect(error.message).toBe(`${prefix} (ECONNREFUSED): the database could not be reached; retry later`);
        expect(error.code).toBe('LEDGER_ERROR');
        expect(error.isRetryable).toBe(true);
        expect(error.ledger).toBe('postgres');
        const visible = JSON.stringify({ message: error.message, json: { ...error.toJSON(), cause: undefined } });
        for (const secret of ['s3cret', 'video_user', 'videos_db', 'postgres://', '127.0.0.1:1']) expect(visible).not.toContain(secret);
      }
    });
  });

  describe('toLedgerError', () => {
    it('maps 23505 on the idempotency key constraint to DUPLICATE_IDEMPOTENCY_KEY, other unique violations to LEDGER_ERROR', () => {
      const duplicate = toLedgerError(
        driverError('duplicate key value violates unique constraint "generated_videos_idempotency_key_key"', {
          code: '23505',
          constraint: 'generated_videos_idempotency_key_key',
          detail: 'Key (idempotency_key)=(order-42) already exists.',
        }),
        failed,
      );
      expect([duplicate.code, duplicate.isRetryable, duplicate.message]).toEqual([
        'DUPLICATE_IDEMPOTENCY_KEY',
        false,
        'insert into generated_videos failed: the idempotency key is already used by another record',
      ]);
      // postgres.js names the field constraint_name; a driver without the field: the message names it.
      expect(toLedgerError(driverError('x', { code: '23505', constraint_name: 'generated_videos_idempotency_key_key' }), failed).code).toBe('DUPLICATE_IDEMPOTENCY_KEY');
      expect(toLedgerError(driverError('violates unique constraint "generated_videos_idempotency_key_key"', { code: '23505' }), failed).code).toBe('DUPLICATE_IDEMPOTENCY_KEY');
      const primaryKey = toLedgerError(driverError('duplicate key', { code: '23505', constraint: 'generated_videos_pkey' }), failed);
      expect([primaryKey.code, primaryKey.message]).toEqual(['LEDGER_ERROR', 'insert into generated_videos failed (SQLSTATE 23505, constraint generated_videos_pkey)']);
    });

    it('marks connection failures retryable and everything else not', () => {
      const retryable = [
        driverError('connect ECONNREFUSED 10.0.0.5:5432', { code: 'ECONNREFUSED' }),
        driverError('read ECONNRESET', { code: 'ECONNRESET' }),
        driverError('terminating connection due to administrator command', { code: '57P01' }),
        driverError('the database system is starting up', { code: '57P03' }),
        driverError('connection failure', { code: '08006' }),
        driverError('could not connect', { code: '08001' }),
        driverError('sorry, too many clients already', { code: '53300' }),
        driverError('could not serialize access', { code: '40001' }),
        driverError('write CONNECTION_CLOSED host:5432', { code: 'CONNECTION_CLOSED' }),
        new Error('Connection terminated unexpectedly'),
        new Error('timeout exceeded when trying to connect'),
        Object.assign(new AggregateError([driverError('connect ECONNREFUSED ::1:5432', { code: 'ECONNREFUSED' })], ''), {}),
      ];
      for (const error of retryable) expect(toLedgerError(error, failed).isRetryable, String(error)).toBe(true);
      const permanent = [
        driverError('relation "generated_videos" does not exist', { code: '42P01' }),
        driverError('password authentication failed for user "u"', { code: '28P01' }),
        driverError('invalid input syntax for type uuid: "secret"', { code: '22P02' }),
        driverError('getaddrinfo ENOTFOUND db.internal', { code: 'ENOTFOUND' }),
        new Error('Client was closed and is not queryable'),
        'a string was thrown',
        undefined,
      ];
      for (const error of permanent) expect(toLedgerError(error, failed).isRetryable, String(error)).toBe(false);
    });

    it('never copies the driver message (which can quote values) into its own; keeps the driver error as cause', () => {
      const cause = driverError('invalid input syntax for type uuid: "customer-secret"', { code: '22P02', detail: 'customer-secret' });
      const error = toLedgerError(cause, { ...failed, recordId: 'r-1' });
      expect(error.message).toBe('insert into generated_videos failed (SQLSTATE 22P02)');
      expect(error.cause).toBe(cause);
      expect(error.recordId).toBe('r-1');
      expect(toLedgerError(new Error('something odd: "value"'), failed).message).toBe('insert into generated_videos failed');
      // Codes and constraint names are only copied when they look like codes and identifiers.
      expect(toLedgerError(driverError('x', { code: "'; DROP", constraint: 'a b' }), failed).message).toBe('insert into generated_videos failed');
    });

    it('passes a LedgerError through unchanged', () => {
      const original = new LedgerError('update of generated_videos failed: no such record', { ledger: 'postgres', code: 'RECORD_NOT_FOUND' });
      expect(toLedgerError(original, failed)).toBe(original);
    });
  });

  describe('migrate on a client that is not one connection', () => {
    it('refuses when BEGIN … COMMIT would spread over several connections (a { query } wrapper around a pool)', async () => {
      let transactionId = 100;
      const statements: string[] = [];
      // Each statement lands on another pooled connection, outside the BEGIN: every txid_current() differs.
      const spreadOverPool: SqlClient = {
        async query(text) {
          statements.push(text);
          return { rows: text.includes('txid_current') ? [{ xid: String((transactionId += 1)) }] : [] };
        },
      };
      const error = await rejectionOf(migrate(spreadOverPool));
      expect(error.message).toMatch(/^a transaction \(migrate, ledger.transaction\) needs one connection, but the statements ran on different ones/);
      expect(statements).toEqual(['BEGIN', 'SELECT txid_current()::text AS xid', 'SELECT txid_current()::text AS xid', 'ROLLBACK']);
    });
  });
});

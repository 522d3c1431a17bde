import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PGlite } from '@electric-sql/pglite';
import { LedgerError, type VideoRecordPatch } from '@ring/video-conductor';
import { describeLedgerContract, sampleVideoRecord } from '@ring/video-conductor/contract';
import {
  createPostgresLedger,
  fromPostgresJs,
  migrate,
  postgresMigrations,
  type PostgresJsSql,
  type PostgresLedger,
  type SqlClient,
} from '@ring/video-conductor/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostileStrings, registerHostileStringCases } from './hostile-strings.js';

/**
 * One PGlite for the whole file: starting one runs initdb in WebAssembly, which takes
 * seconds. Every suite below works on its own table.
 */
let started: Promise<PGlite> | undefined;
const database = (): Promise<PGlite> => (started ??= PGlite.create());

afterAll(async () => {
  if (started !== undefined) await (await started).close();
});

/** A plain query helper for assertions on what the database holds. */
async function rowsOf(sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const db = await database();
  return (await db.query(sql, params)).rows as Record<string, unknown>[];
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('the call resolved, but it must reject');
}

function expectLedgerError(error: unknown, code: string): LedgerError {
  expect(LedgerError.isInstance(error), `expected LedgerError ${code}, got ${String(error)}`).toBe(true);
  expect((error as LedgerError).code).toBe(code);
  return error as LedgerError;
}

// The contract suite on the default table name and the search_path (no options at all).
describeLedgerContract('PostgresLedger (PGlite, default table)', {
  async create() {
    const db = await database();
    await migrate(db);
    return createPostgresLedger({ db });
  },
});

describe('Postgres ledger on PGlite', () => {
  const table = 'specific_videos';
  let db: PGlite;
  let ledger: PostgresLedger;

  beforeAll(async () => {
    db = await database();
    await migrate(db, { table });
    ledger = createPostgresLedger({ db, table });
  });

  describe('migrate', () => {
    it('is idempotent: a second run applies nothing and each migration is recorded once, with its checksum', async () => {
      const target = 'idempotent_videos';
      expect(await migrate(db, { table: target })).toEqual({ applied: postgresMigrations.map((migration) => migration.name) });
      expect(await migrate(db, { table: target })).toEqual({ applied: [] });
      expect(await migrate(db, { table: target })).toEqual({ applied: [] });
      const recorded = await rowsOf(
        'SELECT name, checksum, applied_at FROM video_conductor_migrations WHERE table_name = $1 ORDER BY name',
        [target],
      );
      expect(recorded.map((row) => [row.name, row.checksum])).toEqual(
        postgresMigrations.map((migration) => [migration.name, createHash('sha256').update(migration.sql).digest('hex')]),
      );
      expect(recorded[0]?.applied_at).toBeInstanceOf(Date);
    });

    it('creates the columns, constraints and indexes of the design', async () => {
      const columns = await rowsOf(
        `SELECT column_name, data_type, is_nullable FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
        [table],
      );
      const typeOf = Object.fromEntries(columns.map((column) => [column.column_name, `${column.data_type}${column.is_nullable === 'NO' ? ' not null' : ''}`]));
      expect(typeOf).toMatchObject({
        id: 'uuid not null',
        created_at: 'timestamp with time zone not null',
        updated_at: 'timestamp with time zone not null',
        status: 'text not null',
        duration_sec: 'numeric not null',
        estimated_cost_usd: 'numeric not null',
        actual_cost_usd: 'numeric',
        size_bytes: 'bigint',
        idempotency_key: 'text',
        first_frame: 'jsonb',
        audit: 'jsonb not null',
        metadata: 'jsonb not null',
        lease_owner: 'text',
        lease_expires_at: 'timestamp with time zone',
        conductor_notes: 'jsonb',
      });
      expect(columns).toHaveLength(32);
      const indexes = (await rowsOf('SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1', [table])).map((row) => String(row.indexdef));
      for (const fragment of [
        'UNIQUE INDEX specific_videos_pkey ON public.specific_videos USING btree (id)',
        'UNIQUE INDEX specific_videos_idempotency_key_key ON public.specific_videos USING btree (idempotency_key)',
        'INDEX specific_videos_request_id_idx ON public.specific_videos USING btree (request_id)',
        'INDEX specific_videos_status_updated_at_idx ON public.specific_videos USING btree (status, updated_at)',
        'INDEX specific_videos_created_at_id_idx ON public.specific_videos USING btree (created_at DESC, id DESC)',
        "INDEX specific_videos_pipeline_request_id_idx ON public.specific_videos USING btree (((audit ->> 'pipelineRequestId'::text)))",
        "INDEX specific_videos_clip_id_idx ON public.specific_videos USING btree (((audit ->> 'clipId'::text)))",
        "INDEX specific_videos_actor_id_idx ON public.specific_videos USING btree (((audit ->> 'actorId'::text)))",
        "INDEX specific_videos_ref_code_idx ON public.specific_videos USING btree (((audit ->> 'refCode'::text)))",
      ]) {
        expect(indexes.some((definition) => definition.endsWith(fragment)), fragment).toBe(true);
      }
      // The CHECK constraints hold: an unknown status or operation never gets in.
      const bad = sampleVideoRecord({ status: 'exploded' as never });
      const error = expectLedgerError(await rejectionOf(ledger.insert(bad)), 'LEDGER_ERROR');
      expect(error.message).toBe('insert into specific_videos failed (SQLSTATE 23514, constraint specific_videos_status_check)');
      expect(error.isRetryable).toBe(false);
      expectLedgerError(await rejectionOf(ledger.insert(sampleVideoRecord({ operation: 'remix' as never }))), 'LEDGER_ERROR');
      expect(await rowsOf(`SELECT id FROM specific_videos WHERE id = $1`, [bad.id])).toEqual([]);
    });

    it('rolls back completely when a statement fails, and can run again once the obstacle is gone', async () => {
      const target = 'atomic_videos';
      // A relation with the name the migration gives an index makes CREATE INDEX fail half-way.
      await db.query('CREATE TABLE atomic_videos_clip_id_idx (x int)');
      const error = expectLedgerError(await rejectionOf(migrate(db, { table: target })), 'LEDGER_ERROR');
      expect(error.message).toBe('migrate of atomic_videos failed (SQLSTATE 42P07)');
      expect(await rowsOf(`SELECT to_regclass('atomic_videos') AS present`)).toEqual([{ present: null }]);
      expect(await rowsOf('SELECT name FROM video_conductor_migrations WHERE table_name = $1', [target])).toEqual([]);
      await db.query('DROP TABLE atomic_videos_clip_id_idx');
      expect((await migrate(db, { table: target })).applied).toEqual(['0001_generated_videos', '0002_conductor_notes', '0003_queued_status']);
    });

    it('refuses to go on when a recorded migration has a different checksum', async () => {
      const target = 'tampered_videos';
      await migrate(db, { table: target });
      await db.query(`UPDATE video_conductor_migrations SET checksum = 'edited' WHERE table_name = $1`, [target]);
      const error = expectLedgerError(await rejectionOf(migrate(db, { table: target })), 'MIGRATION_CHECKSUM_MISMATCH');
      expect(error.message).toContain('0001_generated_videos');
    });

    it('creates a missing schema and keeps table and migration records in it', async () => {
      const schema = 'media_ledger';
      expect((await migrate(db, { schema, table: 'clips' })).applied).toEqual(['0001_generated_videos', '0002_conductor_notes', '0003_queued_status']);
      expect((await migrate(db, { schema, table: 'clips' })).applied).toEqual([]);
      const clips = createPostgresLedger({ db, schema, table: 'clips' });
      expect({ schema: clips.schema, table: clips.table }).toEqual({ schema, table: 'clips' });
      const inserted = await clips.insert(sampleVideoRecord());
      expect(await rowsOf('SELECT id FROM media_ledger.clips')).toEqual([{ id: inserted.id }]);
      expect(await rowsOf('SELECT table_name, name FROM media_ledger.video_conductor_migrations ORDER BY name')).toEqual([
        { table_name: 'clips', name: '0001_generated_videos' },
        { table_name: 'clips', name: '0002_conductor_notes' },
        { table_name: 'clips', name: '0003_queued_status' },
      ]);
      expect(await ledger.get(inserted.id), 'the default-schema table must not see it').toBeNull();
    });

    it('rejects table and schema names that are not plain identifiers, before any SQL', () => {
      for (const options of [
        { table: 'generated videos' },
        { table: 'videos"; DROP TABLE x; --' },
        { table: '1videos' },
        { table: 'a'.repeat(40) },
        { schema: 'public.evil' },
        { schema: '' },
      ]) {
        expect(() => createPostgresLedger({ db, ...options }), JSON.stringify(options)).toThrow(/name must/);
      }
      expect(createPostgresLedger({ db, table: 'a'.repeat(39) }).table).toHaveLength(39);
    });
  });

  describe('rows', () => {
    it('stores camelCase fields in snake_case columns with SQL types, and maps them back to numbers, objects and ISO strings', async () => {
      const record = sampleVideoRecord({
        durationSec: 6.5,
        estimatedCostUsd: 0.325,
        actualCostUsd: 0.3,
        sizeBytes: 9_007_199_254_740_991,
        outputDurationSec: 6.541,
        idempotencyKey: `key-${randomUUID()}`,
        firstFrame: { source: 'provided', url: 'https://example.com/f.png' },
        audit: { clipId: 'clip-1' },
        metadata: { upgrades: [{ from: 'draft', to: 'draft_i2v', reason: 'image' }] },
      });
      const inserted = await ledger.insert(record);
      for (const field of ['durationSec', 'estimatedCostUsd', 'actualCostUsd', 'sizeBytes', 'outputDurationSec'] as const) {
        expect(typeof inserted[field], field).toBe('number');
        expect(inserted[field]).toBe(record[field]);
      }
      const [stored] = await rowsOf(
        `SELECT duration_sec::text AS duration, size_bytes::text AS size, idempotency_key, audit ->> 'clipId' AS clip,
                jsonb_typeof(first_frame) AS first_frame_type, jsonb_typeof(metadata) AS metadata_type,
                to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created,
                created_at = date_trunc('milliseconds', created_at) AS whole_milliseconds,
                abs(extract(epoch FROM now() - created_at)) < 60 AS database_clock
           FROM specific_videos WHERE id = $1`,
        [record.id],
      );
      expect(stored).toEqual({
        duration: '6.5',
        size: '9007199254740991',
        idempotency_key: record.idempotencyKey,
        clip: 'clip-1',
        first_frame_type: 'object',
        metadata_type: 'object',
        created: inserted.createdAt,
        whole_milliseconds: true,
        database_clock: true,
      });
    });

    it('update ignores fields a patch may not change, stores null as NULL and {} for audit/metadata', async () => {
      const inserted = await ledger.insert(sampleVideoRecord({ idempotencyKey: `key-${randomUUID()}`, requestId: 'req-1', audit: { actorId: 'a' } }));
      const sneaky = {
        id: randomUUID(),
        createdAt: '2000-01-01T00:00:00.000Z',
        provider: 'other',
        operation: 'edit',
        idempotencyKey: 'stolen',
        requestId: null,
        audit: null,
        unknownField: 'x',
      } as unknown as VideoRecordPatch;
      const updated = await ledger.update(inserted.id, sneaky);
      expect(updated).toEqual({ ...inserted, requestId: null, audit: {}, updatedAt: updated.updatedAt });
      const [row] = await rowsOf('SELECT request_id, audit::text AS audit FROM specific_videos WHERE id = $1', [inserted.id]);
      expect(row).toEqual({ request_id: null, audit: '{}' });
    });

    it('claimStale leaves updatedAt alone, leases by the database clock, and update can clear the lease', async () => {
      const owned = createPostgresLedger({ db, table: 'claim_videos' });
      await migrate(db, { table: 'claim_videos' });
      const inserted = await owned.insert(sampleVideoRecord({ status: 'generating' }));
      await sleep(20);
      const [claimed] = await owned.claimStale({ olderThanMs: 10, owner: 'worker-1', leaseMs: 90_000, limit: 10 });
      expect(claimed?.id).toBe(inserted.id);
      expect(claimed?.updatedAt).toBe(inserted.updatedAt);
      const [row] = await rowsOf(
        `SELECT lease_owner, extract(epoch FROM lease_expires_at - now()) AS remaining,
                to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS updated
           FROM claim_videos WHERE id = $1`,
        [inserted.id],
      );
      expect(row?.lease_owner).toBe('worker-1');
      expect(Number(row?.remaining)).toBeGreaterThan(85);
      expect(Number(row?.remaining)).toBeLessThanOrEqual(90);
      expect(row?.updated).toBe(inserted.updatedAt);
      expect(await owned.claimStale({ olderThanMs: 0, owner: 'worker-2', leaseMs: 1000, limit: 10 })).toEqual([]);
      const released = await owned.update(inserted.id, { leaseOwner: null, leaseExpiresAt: null, status: 'persisting' });
      expect(released).toMatchObject({ leaseOwner: null, leaseExpiresAt: null, status: 'persisting' });
      // Updated just now: not stale for 10 s, but stale for 0 ms and unleased, so worker-2 gets it.
      expect(await owned.claimStale({ olderThanMs: 10_000, owner: 'worker-2', leaseMs: 1000, limit: 10 })).toEqual([]);
      expect((await owned.claimStale({ olderThanMs: 0, owner: 'worker-2', leaseMs: 1000, limit: 10 })).map((record) => record.leaseOwner)).toEqual(['worker-2']);
    });

    it('rejects invalid claimStale input with INVALID_QUERY', async () => {
      for (const input of [
        { olderThanMs: -1, owner: 'w', leaseMs: 1, limit: 1 },
        { olderThanMs: 0, owner: '', leaseMs: 1, limit: 1 },
        { olderThanMs: 0, owner: 'w', leaseMs: 0, limit: 1 },
        { olderThanMs: 0, owner: 'w', leaseMs: 1, limit: 0.5 },
        { olderThanMs: Number.NaN, owner: 'w', leaseMs: 1, limit: 1 },
      ]) {
        expectLedgerError(await rejectionOf(ledger.claimStale(input)), 'INVALID_QUERY');
      }
    });
  });

  describe('errors', () => {
    it('a duplicate idempotency key → DUPLICATE_IDEMPOTENCY_KEY without the key in the message; a duplicate id → LEDGER_ERROR', async () => {
      const key = `secret-key-${randomUUID()}`;
      const first = await ledger.insert(sampleVideoRecord({ idempotencyKey: key }));
      const duplicate = expectLedgerError(await rejectionOf(ledger.insert(sampleVideoRecord({ idempotencyKey: key }))), 'DUPLICATE_IDEMPOTENCY_KEY');
      expect(duplicate.message).toBe('insert into specific_videos failed: the idempotency key is already used by another record');
      expect(duplicate.isRetryable).toBe(false);
      expect(duplicate.ledger).toBe('postgres');
      const sameId = expectLedgerError(await rejectionOf(ledger.insert(sampleVideoRecord({ id: first.id }))), 'LEDGER_ERROR');
      expect(sameId.message).toBe('insert into specific_videos failed (SQLSTATE 23505, constraint specific_videos_pkey)');
      expect(sameId.recordId).toBe(first.id);
    });

    it('not found and status conflicts are told apart; ids that are not UUIDs are simply not found', async () => {
      const inserted = await ledger.insert(sampleVideoRecord({ status: 'submitted' }));
      const missing = expectLedgerError(await rejectionOf(ledger.update(randomUUID(), { status: 'failed' }, { expectStatus: ['submitted'] })), 'RECORD_NOT_FOUND');
      expect(missing.message).toBe('update of specific_videos failed: no such record');
      const conflict = expectLedgerError(
        await rejectionOf(ledger.update(inserted.id, { status: 'failed' }, { expectStatus: ['pending', 'bogus' as never] })),
        'STATUS_CONFLICT',
      );
      expect(conflict.message).toBe('update of specific_videos failed: the record\'s status is "submitted", expected "pending" or "bogus"');
      expect(conflict.recordId).toBe(inserted.id);
      expectLedgerError(await rejectionOf(ledger.update(inserted.id, { status: 'failed' }, { expectStatus: [] })), 'STATUS_CONFLICT');
      expect((await ledger.get(inserted.id))?.status).toBe('submitted');
      expect((await ledger.update(inserted.id, { status: 'generating' }, { expectStatus: ['pending', 'submitted'] })).status).toBe('generating');

      expect(await ledger.get('not-a-uuid')).toBeNull();
      expectLedgerError(await rejectionOf(ledger.update("x' OR '1'='1", { status: 'failed' })), 'RECORD_NOT_FOUND');
      const badInsert = expectLedgerError(await rejectionOf(ledger.insert(sampleVideoRecord({ id: 'record-1' }))), 'LEDGER_ERROR');
      expect(badInsert.message).toBe('insert into specific_videos failed: the record id must be a UUID');
    });

    it('driver errors never put values into the message (the driver message would quote them)', async () => {
      const inserted = await ledger.insert(sampleVideoRecord());
      const error = expectLedgerError(
        await rejectionOf(ledger.update(inserted.id, { leaseExpiresAt: 'not-a-time secret-value-42' })),
        'LEDGER_ERROR',
      );
      expect(error.message).toBe('update of specific_videos failed (SQLSTATE 22007)');
      expect((error.cause as Error).message, 'the driver message does quote it').toContain('secret-value-42');
      expect(JSON.stringify({ message: error.message, code: error.code })).not.toContain('secret-value-42');
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      const json = expectLedgerError(await rejectionOf(ledger.update(inserted.id, { metadata: cyclic })), 'LEDGER_ERROR');
      expect(json.message).toBe('update of specific_videos failed: a JSON field of the record cannot be serialised');
    });

    it('list rejects unknown statuses, bad times, limits and malformed or forged cursors with INVALID_QUERY', async () => {
      const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      for (const query of [
        { status: 'exploded' as never },
        { createdAfter: 'yesterday' },
        { createdBefore: '' },
        { limit: 2.5 },
        { cursor: '' },
        { cursor: '!!!' },
        { cursor: forged({ createdAt: '2026-01-01T00:00:00.000Z', id: "x' OR 1=1 --" }) },
        { cursor: forged({ createdAt: 'never', id: randomUUID() }) },
        { cursor: forged(['2026-01-01T00:00:00.000Z', randomUUID()]) },
      ]) {
        expectLedgerError(await rejectionOf(ledger.list(query)), 'INVALID_QUERY');
      }
    });
  });

  describe('SQL', () => {
    it('sends every value as a parameter: no value ever appears in the SQL text', async () => {
      const statements: { text: string; params: unknown[] }[] = [];
      const recording: SqlClient = {
        async query(text, params = []) {
          statements.push({ text, params });
          return db.query(text, params);
        },
      };
      const spied = createPostgresLedger({ db: recording, table });
      const marker = `'; DROP TABLE specific_videos; -- ${randomUUID()}`;
      const record = sampleVideoRecord({ prompt: marker, provider: marker, idempotencyKey: marker, audit: { refCode: marker, other: marker } as never });
      await spied.insert(record);
      await spied.get(record.id);
      await spied.findByIdempotencyKey(marker);
      await spied.update(record.id, { requestId: marker, metadata: { [marker]: marker } }, { expectStatus: ['pending'] });
      const page = await spied.list({ provider: marker, audit: { refCode: marker, ...({ other: marker } as object) }, limit: 1 });
      expect(page.records.map((row) => row.id)).toEqual([record.id]);
      await spied.claimStale({ olderThanMs: 3_600_000, owner: marker, leaseMs: 1000, limit: 1 });
      expect(statements).toHaveLength(6);
      for (const { text } of statements) {
        expect(text).not.toContain('DROP TABLE');
        expect(text).not.toContain(marker.slice(-36));
        expect(text).not.toContain(record.id);
      }
      // …and each of the six statements carried the marker (or the id) as a parameter instead.
      for (const { params } of statements) {
        expect(params.some((param) => typeof param === 'string' && (param.includes(marker) || param === record.id))).toBe(true);
      }
    });
  });

  describe('hostile strings', () => {
    registerHostileStringCases(() => ({ ledger, db, qualifiedTable: `"${table}"` }));
  });

  describe('fromPostgresJs over a postgres.js-shaped client', () => {
    it('runs migrate (inside sql.begin) and the ledger through sql.unsafe(text, params)', async () => {
      const calls: { scope: 'top' | 'transaction'; text: string; params: unknown[] }[] = [];
      /** Behaves like postgres.js: `unsafe` resolves to an array of rows with extra properties. */
      const fakeSql = (scope: 'top' | 'transaction', target: { query: PGlite['query'] }): PostgresJsSql => ({
        unsafe(text: string, params: unknown[] = []) {
          calls.push({ scope, text, params });
          return target.query(text, params).then((result) => Object.assign([...(result.rows as object[])], { count: result.rows.length, command: 'SELECT' }));
        },
        begin: (callback) => db.transaction((transaction) => callback(fakeSql('transaction', transaction)) as Promise<never>),
      });
      const client = fromPostgresJs(fakeSql('top', db));
      expect((await migrate(client, { table: 'postgresjs_videos' })).applied).toEqual(['0001_generated_videos', '0002_conductor_notes', '0003_queued_status']);
      expect(calls.every((call) => call.scope === 'transaction'), 'migrate must run every statement in the transaction').toBe(true);
      expect(calls[0]?.text).toContain('pg_advisory_xact_lock');

      calls.length = 0;
      const viaPostgresJs = createPostgresLedger({ db: client, table: 'postgresjs_videos' });
      const record = sampleVideoRecord({ prompt: hostileStrings[1] ?? '', metadata: { a: [1, 'b'] } });
      const inserted = await viaPostgresJs.insert(record);
      expect(await viaPostgresJs.get(record.id)).toEqual(inserted);
      expect(inserted.metadata).toEqual({ a: [1, 'b'] });
      expect(calls.map((call) => call.scope)).toEqual(['top', 'top']);
      expect(calls[0]?.params).toContain(record.prompt);
    });
  });
});

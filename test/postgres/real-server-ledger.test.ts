import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LedgerError, type VideoRecord } from '@ring/video-conductor';
import { describeLedgerContract, sampleVideoRecord } from '@ring/video-conductor/contract';
import { createPostgresLedger, migrate, postgresMigrations, type PostgresLedger } from '@ring/video-conductor/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerHostileStringCases } from './hostile-strings.js';

const databaseUrl = process.env.DATABASE_URL;

/** A table name no other run (or parallel test file) uses; dropped afterwards. */
const uniqueTableName = (): string => `generated_videos_test_${randomBytes(4).toString('hex')}`;

if (databaseUrl === undefined || databaseUrl === '') {
  console.warn(
    '[test/postgres] DATABASE_URL is not set: the Postgres ledger tests against a real server are SKIPPED ' +
      '(only PGlite ran). Set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run them, as CI does.',
  );
  describe('Postgres ledger on a real server', () => {
    it('real Postgres server', (context) => context.skip('DATABASE_URL is not set'));
  });
} else {
  describeRealServer(databaseUrl);
}

function describeRealServer(connectionString: string): void {
  /** Pools opened by this file, ended at the end. */
  const pools: pg.Pool[] = [];
  /** Tables (qualified, quoted) created by this file, dropped at the end, with their migration records. */
  const createdTables: { table: string; schema?: string }[] = [];
  const openPool = (max = 4): pg.Pool => {
    const pool = new pg.Pool({ connectionString, max });
    pools.push(pool);
    return pool;
  };
  let admin: pg.Pool;

  /** Migrates a fresh table and returns its name; it is dropped after the file. */
  const freshTable = async (db: pg.Pool | pg.Client = admin, schema?: string): Promise<string> => {
    const table = uniqueTableName();
    createdTables.push(schema === undefined ? { table } : { table, schema });
    await migrate(db, schema === undefined ? { table } : { table, schema });
    return table;
  };

  beforeAll(() => {
    admin = openPool();
  });

  afterAll(async () => {
    try {
      for (const { table, schema } of createdTables) {
        const prefix = schema === undefined ? '' : `"${schema}".`;
        await admin.query(`DROP TABLE IF EXISTS ${prefix}"${table}"`);
        if (schema === undefined) await admin.query('DELETE FROM video_conductor_migrations WHERE table_name = $1', [table]);
      }
      for (const schema of new Set(createdTables.flatMap((entry) => (entry.schema === undefined ? [] : [entry.schema])))) {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      }
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });

  describeLedgerContract('PostgresLedger (real server, pg Pool)', {
    async create() {
      return createPostgresLedger({ db: admin, table: await freshTable() });
    },
  });

  describe('Postgres ledger on a real server', () => {
    it('4 ledgers on 4 separate pools claiming at once over 200 stale rows never claim a row twice, and claim all 200', async () => {
      const table = await freshTable();
      const seed = createPostgresLedger({ db: admin, table });
      const rows: VideoRecord[] = [];
      for (let batch = 0; batch < 10; batch += 1) {
        rows.push(
          ...(await Promise.all(
            Array.from({ length: 20 }, (_, index) =>
              seed.insert(sampleVideoRecord({ status: (['pending', 'submitted', 'generating', 'persisting'] as const)[index % 4] })),
            ),
          )),
        );
      }
      // Terminal rows must never be claimed.
      await seed.insert(sampleVideoRecord({ status: 'succeeded' }));
      await seed.insert(sampleVideoRecord({ status: 'failed' }));
      await sleep(20);

      const workerPools = [0, 1, 2, 3].map(() => openPool(3));
      // Open every connection first, so all workers really start together.
      await Promise.all(workerPools.flatMap((pool) => [0, 1, 2].map(() => pool.query('SELECT pg_sleep(0.01)'))));
      const workers = workerPools.map((pool, worker) => ({ owner: `worker-${worker}-${randomUUID()}`, ledger: createPostgresLedger({ db: pool, table }) }));
      const claimedBy = new Map<string, string[]>();
      const claimLoop = async ({ owner, ledger }: { owner: string; ledger: PostgresLedger }) => {
        let calls = 0;
        for (;;) {
          // Several overlapping calls per worker, so the statements really race.
          const results = await Promise.all([0, 1, 2].map(() => ledger.claimStale({ olderThanMs: 0, owner, leaseMs: 60_000, limit: 7 })));
          calls += 3;
          for (const record of results.flat()) {
            expect(record.leaseOwner).toBe(owner);
            claimedBy.set(record.id, [...(claimedBy.get(record.id) ?? []), owner]);
          }
          if (results.every((records) => records.length === 0) || calls > 300) return;
        }
      };
      await Promise.all(workers.map(claimLoop));

      const twice = [...claimedBy].filter(([, owners]) => owners.length > 1);
      expect(twice, 'rows claimed more than once').toEqual([]);
      expect(claimedBy.size).toBe(200);
      expect(new Set(claimedBy.keys())).toEqual(new Set(rows.map((row) => row.id)));
      // Work was actually shared: more than one worker got rows.
      expect(new Set([...claimedBy.values()].map(([owner]) => owner)).size).toBeGreaterThan(1);
      // The database agrees with what each worker was told.
      const { rows: stored } = await admin.query<{ id: string; lease_owner: string | null; status: string }>(`SELECT id, lease_owner, status FROM "${table}"`);
      for (const row of stored) {
        if (row.status === 'succeeded' || row.status === 'failed') expect(row.lease_owner).toBeNull();
        else expect(row.lease_owner).toBe(claimedBy.get(row.id)?.[0]);
      }
    });

    it('two migrate() calls at once on two separate pools both succeed; the migration is applied and recorded once', async () => {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const table = uniqueTableName();
        createdTables.push({ table });
        const results = await Promise.all([openPool(1), openPool(1)].map((pool) => migrate(pool, { table })));
        expect(results.map((result) => result.applied).sort()).toEqual([[], postgresMigrations.map((migration) => migration.name)]);
        const { rows } = await admin.query('SELECT name FROM video_conductor_migrations WHERE table_name = $1 ORDER BY name', [table]);
        expect(rows).toEqual(postgresMigrations.map((migration) => ({ name: migration.name })));
        const ledger = createPostgresLedger({ db: admin, table });
        const inserted = await ledger.insert(sampleVideoRecord());
        expect(await ledger.get(inserted.id)).toEqual(inserted);
      }
    });

    it('two migrate() calls at once into a new schema both succeed', async () => {
      const schema = `vc_test_${randomBytes(4).toString('hex')}`;
      const table = uniqueTableName();
      createdTables.push({ table, schema });
      const results = await Promise.all([openPool(1), openPool(1)].map((pool) => migrate(pool, { table, schema })));
      expect(results.map((result) => result.applied.length).sort()).toEqual([0, postgresMigrations.length]);
      const { rows } = await admin.query(`SELECT table_name, name FROM "${schema}".video_conductor_migrations ORDER BY name`);
      expect(rows).toEqual(postgresMigrations.map((migration) => ({ table_name: table, name: migration.name })));
      const ledger = createPostgresLedger({ db: admin, table, schema });
      const inserted = await ledger.insert(sampleVideoRecord());
      const { rows: stored } = await admin.query(`SELECT id FROM "${schema}"."${table}"`);
      expect(stored).toEqual([{ id: inserted.id }]);
    });

    it('works over a single pg Client and over a PoolClient, migrate included', async () => {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        const table = uniqueTableName();
        createdTables.push({ table });
        expect((await migrate(client, { table })).applied).toEqual(['0001_generated_videos', '0002_conductor_notes', '0003_queued_status']);
        const ledger = createPostgresLedger({ db: client, table });
        const inserted = await ledger.insert(sampleVideoRecord({ status: 'submitted' }));
        const [updated, listed] = await Promise.all([
          ledger.update(inserted.id, { status: 'generating' }, { expectStatus: ['submitted'] }),
          ledger.list({ provider: inserted.provider }),
        ]);
        expect(updated.status).toBe('generating');
        expect(listed.records.map((record) => record.id)).toContain(inserted.id);
        // The client is still usable outside a transaction after migrate.
        expect((await client.query('SELECT current_setting($1) AS level, pg_current_xact_id_if_assigned() AS xid', ['transaction_isolation'])).rows[0]).toMatchObject({ xid: null });
      } finally {
        await client.end();
      }

      const pooled = await admin.connect();
      try {
        const table = uniqueTableName();
        createdTables.push({ table });
        expect((await migrate(pooled, { table })).applied).toEqual(['0001_generated_videos', '0002_conductor_notes', '0003_queued_status']);
        expect((await migrate(pooled, { table })).applied).toEqual([]);
      } finally {
        pooled.release();
      }
    });

    it('update with expectStatus is a compare-and-set: of 8 concurrent moves out of "submitted", exactly one wins', async () => {
      const table = await freshTable();
      const ledgers = [openPool(2), openPool(2)].map((pool) => createPostgresLedger({ db: pool, table }));
      const inserted = await ledgers[0]!.insert(sampleVideoRecord({ status: 'submitted' }));
      const outcomes = await Promise.allSettled(
        Array.from({ length: 8 }, (_, index) =>
          ledgers[index % 2]!.update(inserted.id, { status: 'generating', requestId: `winner-${index}` }, { expectStatus: ['submitted'] }),
        ),
      );
      const winners = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(LedgerError.isInstance(outcome.reason) && outcome.reason.code).toBe('STATUS_CONFLICT');
      }
      const { rows } = await admin.query(`SELECT request_id FROM "${table}" WHERE id = $1`, [inserted.id]);
      expect(rows).toEqual([{ request_id: (winners[0] as PromiseFulfilledResult<VideoRecord>).value.requestId }]);
    });

    describe('hostile strings', () => {
      let table: string;
      let ledger: PostgresLedger;
      beforeAll(async () => {
        table = await freshTable();
        ledger = createPostgresLedger({ db: admin, table });
      });
      registerHostileStringCases(() => ({ ledger, db: admin, qualifiedTable: `"${table}"` }));
    });
  });
}

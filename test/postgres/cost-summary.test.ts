import { randomBytes, randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { MemoryLedger, summarizeVideoCosts, type Ledger } from '@ring/video-conductor';
import { sampleVideoRecord } from '@ring/video-conductor/contract';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let db: PGlite;
/** A real server when DATABASE_URL is set (CI sets it), with a table of this file's own. */
const databaseUrl = process.env.DATABASE_URL;
const realTable = `summary_videos_${randomBytes(4).toString('hex')}`;
let pool: pg.Pool | undefined;

beforeAll(async () => {
  db = await PGlite.create();
  await migrate(db, { table: 'summary_videos' });
  if (databaseUrl !== undefined && databaseUrl !== '') {
    pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    await migrate(pool, { table: realTable });
  }
});

afterAll(async () => {
  await db.close();
  if (pool !== undefined) {
    await pool.query(`DROP TABLE IF EXISTS "${realTable}"`);
    await pool.query('DELETE FROM video_conductor_migrations WHERE table_name = $1', [realTable]).catch(() => undefined);
    await pool.end();
  }
});

/** Seeds the same rows into a ledger: three prices that do not add up exactly in binary floating point. */
async function seed(ledger: Ledger): Promise<void> {
  const rows = [
    { prompt: 'A red FOX in snow', qualityMode: 'draft', estimatedCostUsd: 0.1, actualCostUsd: 0.1, audit: { actorId: 'ana', pipelineRequestId: 'camp-1' } },
    { prompt: 'a blue whale', qualityMode: 'draft', estimatedCostUsd: 0.2, actualCostUsd: null, audit: { actorId: 'ana', pipelineRequestId: 'camp-1' } },
    { prompt: '100% fox_tail', qualityMode: 'production', estimatedCostUsd: 0.7, actualCostUsd: 0.84, audit: { actorId: 'bo' } },
  ];
  for (const row of rows) await ledger.insert(sampleVideoRecord({ id: randomUUID(), idempotencyKey: null, ...row }));
}

describe.each([
  ['memory (paged fallback)', () => new MemoryLedger() as Ledger, 'paged'],
  ['postgres on PGlite (SQL aggregate)', () => createPostgresLedger({ db, table: 'summary_videos' }) as Ledger, 'aggregate'],
  ...(databaseUrl === undefined || databaseUrl === ''
    ? []
    : ([['postgres on the DATABASE_URL server (SQL aggregate)', () => createPostgresLedger({ db: pool!, table: realTable }) as Ledger, 'aggregate']] as const)),
] as const)('cost summary and the qualityMode / promptContains filters: %s', (_name, makeLedger, source) => {
  let ledger: Ledger;
  beforeAll(async () => {
    ledger = makeLedger();
    await seed(ledger);
  });

  it('filters by quality mode and by a case-insensitive prompt substring, with % and _ as plain characters', async () => {
    expect((await ledger.list({ qualityMode: 'production' })).records.map((record) => record.prompt)).toEqual(['100% fox_tail']);
    expect((await ledger.list({ promptContains: 'FOX' })).records.map((record) => record.prompt).sort()).toEqual(['100% fox_tail', 'A red FOX in snow']);
    expect((await ledger.list({ promptContains: '0% f' })).records).toHaveLength(1);
    expect((await ledger.list({ promptContains: '_' })).records).toHaveLength(1);
    expect((await ledger.list({ promptContains: 'fox', qualityMode: 'draft' })).records).toHaveLength(1);
  });

  it('sums estimated and billed costs per actor, campaign and mode, exact to the cent', async () => {
    const summary = await summarizeVideoCosts(ledger);
    expect(summary.source).toBe(source);
    expect(summary.complete).toBe(true);
    const total = (key: 'estimatedCostUsd' | 'billedCostUsd') => Math.round(summary.groups.reduce((sum, group) => sum + group[key], 0) * 100);
    expect(total('estimatedCostUsd')).toBe(100);
    expect(total('billedCostUsd')).toBe(94);
    const ana = summary.groups.filter((group) => group.actorId === 'ana');
    expect(ana.reduce((sum, group) => sum + group.count, 0)).toBe(2);
    expect(ana.reduce((sum, group) => sum + group.billedCount, 0)).toBe(1);
    expect(ana.every((group) => group.pipelineRequestId === 'camp-1')).toBe(true);
    expect(summary.groups.find((group) => group.actorId === 'bo')).toMatchObject({ qualityMode: 'production', pipelineRequestId: null, estimatedCostUsd: 0.7, billedCostUsd: 0.84 });
    expect(summary.groups[0]!.day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('applies the list filters to the summary', async () => {
    const summary = await summarizeVideoCosts(ledger, { audit: { actorId: 'bo' } });
    expect(summary.groups).toHaveLength(1);
  });
});

describe('summarizeVideoCosts fallback bound', () => {
  it('stops at maxRows and says the sums are incomplete', async () => {
    const ledger = new MemoryLedger();
    for (let index = 0; index < 5; index++) await ledger.insert(sampleVideoRecord({ id: randomUUID(), idempotencyKey: null, estimatedCostUsd: 1 }));
    const summary = await summarizeVideoCosts(ledger, {}, { maxRows: 3 });
    expect(summary).toMatchObject({ source: 'paged', complete: false });
    expect(summary.groups.reduce((sum, group) => sum + group.count, 0)).toBe(3);
  });
});

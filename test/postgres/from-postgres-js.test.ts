import { createPostgresLedger, fromPostgresJs, migrate, type PostgresJsSql } from '@ring/video-conductor/postgres';
import { describe, expect, it } from 'vitest';

/**
 * The signatures of postgres.js 3.4 (`types/index.d.ts`) that matter, copied rather than
 * simplified: a generic, constrained `unsafe` with a third options argument that returns a
 * thenable array subclass, and overloaded `begin`. postgres.js is not installed here; this
 * keeps `PostgresJsSql` honest, since `tsc` checks the assignment below.
 */
type Row = Record<string, unknown>;
interface RealPendingQuery<T extends readonly unknown[]> extends Promise<T & { count: number; command: string }> {
  cancel(): void;
}
interface RealSql {
  unsafe<T extends unknown[] = (Row & Iterable<Row>)[]>(
    query: string,
    parameters?: (string | number | boolean | null | Date | Uint8Array | readonly unknown[])[],
    queryOptions?: { prepare?: boolean },
  ): RealPendingQuery<T>;
  begin<T>(cb: (sql: RealTransactionSql) => T | Promise<T>): Promise<T>;
  begin<T>(options: string, cb: (sql: RealTransactionSql) => T | Promise<T>): Promise<T>;
  end(options?: { timeout?: number }): Promise<void>;
}
interface RealTransactionSql extends RealSql {
  savepoint<T>(cb: (sql: RealTransactionSql) => T | Promise<T>): Promise<T>;
}
// Compile-time proof: a real postgres.js instance is accepted by fromPostgresJs.
const acceptsRealPostgresJs = (sql: RealSql): PostgresJsSql => sql;
void acceptsRealPostgresJs;

/** One recorded `unsafe` call. */
interface UnsafeCall {
  scope: string;
  text: string;
  params: unknown[] | undefined;
}

/**
 * A fake postgres.js `sql`: records every `unsafe(text, params)` call and answers from
 * `respond`, resolving (like postgres.js) to an array with extra `count`/`command` fields.
 * `begin` hands the callback a fake of its own scope, as postgres.js hands a reserved
 * connection, and rejects when the callback does (postgres.js then rolls back).
 */
function fakePostgresJs(respond: (text: string, params: unknown[] | undefined) => Row[], calls: UnsafeCall[] = [], scope = 'sql') {
  const events: string[] = [];
  const sql: PostgresJsSql & { calls: UnsafeCall[]; events: string[] } = {
    calls,
    events,
    unsafe(text: string, params?: unknown[]) {
      calls.push({ scope, text, params });
      const rows = respond(text, params);
      return Promise.resolve(Object.assign([...rows], { count: rows.length, command: 'SELECT' }));
    },
    async begin(callback) {
      events.push('begin');
      const transaction = fakePostgresJs(respond, calls, 'transaction');
      try {
        const result = await callback(transaction);
        events.push('commit');
        return result;
      } catch (error) {
        events.push('rollback');
        throw error;
      }
    },
  };
  return sql;
}

describe('fromPostgresJs', () => {
  it('passes text and parameters to sql.unsafe unchanged and returns plain rows', async () => {
    const sql = fakePostgresJs(() => [{ id: 1, name: "it's" }]);
    const client = fromPostgresJs(sql);
    const params = ["'; DROP TABLE x; --", 42, null, '$1'];
    const result = await client.query('SELECT $1::text, $2::int, $3::text, $4::text', params);
    expect(sql.calls).toEqual([{ scope: 'sql', text: 'SELECT $1::text, $2::int, $3::text, $4::text', params }]);
    expect(result.rows).toEqual([{ id: 1, name: "it's" }]);
    expect(Array.isArray(result.rows) && Object.getPrototypeOf(result.rows)).toBe(Array.prototype);
    expect(Object.keys(result.rows)).toEqual(['0']);
    await client.query('SELECT 1');
    expect(sql.calls[1]?.params).toEqual([]);
  });

  it('runs transaction() through sql.begin on the transaction sql, and rolls back on failure', async () => {
    const sql = fakePostgresJs(() => []);
    const client = fromPostgresJs(sql);
    const value = await client.transaction(async (transaction) => {
      await transaction.query('SELECT 1', []);
      return 'done';
    });
    expect(value).toBe('done');
    expect(sql.calls.map((call) => call.scope)).toEqual(['transaction']);
    await expect(
      client.transaction(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(sql.events).toEqual(['begin', 'commit', 'begin', 'rollback']);
  });

  it('explains that a postgres.js sql without begin() cannot run a transaction', async () => {
    const client = fromPostgresJs({ unsafe: () => Promise.resolve([]) });
    await expect(client.transaction(async () => 1)).rejects.toThrow(/has no begin\(\)/);
  });

  it('lets migrate run every statement inside one sql.begin, lock first, with values as parameters', async () => {
    const sql = fakePostgresJs((text) => (text.includes('to_regclass') ? [{ present: false }] : []));
    const result = await migrate(fromPostgresJs(sql), { table: 'clips', schema: 'media' });
    expect(result.applied).toEqual(['0001_generated_videos', '0002_conductor_notes', '0003_queued_status']);
    expect(sql.events).toEqual(['begin', 'commit']);
    expect(sql.calls.every((call) => call.scope === 'transaction')).toBe(true);
    const texts = sql.calls.map((call) => call.text);
    expect(texts[0]).toBe('SELECT pg_advisory_xact_lock($1::bigint)');
    expect(sql.calls[1]).toMatchObject({ text: 'SELECT 1 FROM pg_namespace WHERE nspname = $1::text', params: ['media'] });
    expect(texts[2]).toBe('CREATE SCHEMA "media"');
    expect(sql.calls[3]).toMatchObject({ params: ['"media"."video_conductor_migrations"'] });
    expect(texts[4]).toMatch(/^CREATE TABLE "media"\."video_conductor_migrations" \(/);
    expect(texts).toContain('CREATE INDEX "clips_request_id_idx" ON "media"."clips" (request_id)');
    expect(texts.filter((text) => text.startsWith('CREATE TABLE "media"."clips"'))).toHaveLength(1);
    const record = sql.calls.findLast((call) => call.text.startsWith('INSERT INTO "media"."video_conductor_migrations"') && call.params?.[1] === '0001_generated_videos');
    expect(record?.text).toBe('INSERT INTO "media"."video_conductor_migrations" (table_name, name, checksum) VALUES ($1::text, $2::text, $3::text)');
    expect(record?.params).toEqual(['clips', '0001_generated_videos', expect.stringMatching(/^[0-9a-f]{64}$/)]);
    // One statement per call: postgres.js (extended protocol) refuses several.
    for (const text of texts) expect(text.replace(/'[^']*'/g, '').includes(';')).toBe(false);
  });

  it('serves the ledger through sql.unsafe with every value as a parameter', async () => {
    const id = '0b4f5a2e-3c1d-4e6f-8a9b-0c1d2e3f4a5b';
    const stored = {
      id,
      created_at: new Date('2026-01-02T03:04:05.678Z'),
      updated_at: new Date('2026-01-02T03:04:05.678Z'),
      status: 'pending',
      provider: 'xai',
      model: 'grok-imagine-video',
      quality_mode: 'draft',
      resolution: '480p',
      duration_sec: '6',
      aspect_ratio: null,
      operation: 'generate',
      prompt: "it's",
      size_bytes: '1024',
      estimated_cost_usd: '0.3',
      audit: {},
      metadata: { a: 1 },
    };
    const sql = fakePostgresJs(() => [stored]);
    const ledger = createPostgresLedger({ db: fromPostgresJs(sql) });
    const record = await ledger.get(id);
    expect(record).toMatchObject({ id, createdAt: '2026-01-02T03:04:05.678Z', durationSec: 6, sizeBytes: 1024, estimatedCostUsd: 0.3, metadata: { a: 1 }, requestId: null });
    expect(sql.calls).toEqual([{ scope: 'sql', text: 'SELECT * FROM "generated_videos" WHERE id = $1::uuid', params: [id] }]);
  });
});

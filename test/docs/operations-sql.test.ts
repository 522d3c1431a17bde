import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { migrate } from '@ring/video-conductor/postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs helper shared with the docs checks, without type declarations
import { readMarkdownBlocks } from '../../scripts/markdown-blocks.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const blocks = (readMarkdownBlocks(path.join(root, 'docs/operations.md')) as { lang: string; attributes: Record<string, string>; code: string; line: number }[]).filter(
  (block) => block.lang === 'sql',
);
const queries = new Map(blocks.map((block) => [block.attributes.name ?? `unnamed at docs/operations.md:${block.line}`, block]));

/** The id docs/operations.md's reconcile-note query updates. */
const unknownSubmitId = '00000000-0000-4000-8000-000000000000';

/** Rows covering every case the queries look for; times relative to the database's now(). */
const seedSql = `
INSERT INTO generated_videos (id, created_at, updated_at, status, provider, model, quality_mode, resolution, duration_sec, operation, prompt,
  request_id, estimated_cost_usd, actual_cost_usd, storage_key, size_bytes, temporary_url, error, audit) VALUES
('10000000-0000-4000-8000-000000000001', now(), now(), 'succeeded', 'xai', 'grok-imagine-video', 'draft', '480p', 8, 'generate', 'ok',
  'r1', 0.4, 0.4, 'videos/1.mp4', 1000, NULL, NULL, '{"actorId":"alice"}'),
('10000000-0000-4000-8000-000000000002', now(), now() - interval '1 hour', 'generating', 'xai', 'grok-imagine-video', 'draft', '480p', 8, 'generate', 'stuck',
  'r2', 0.4, NULL, NULL, NULL, NULL, NULL, '{"actorId":"alice"}'),
('${unknownSubmitId}', now(), now(), 'failed', 'xai', 'grok-imagine-video', 'draft', '480p', 8, 'generate', 'unknown submit',
  NULL, 0.4, NULL, NULL, NULL, NULL, '{"code":"SUBMIT_OUTCOME_UNKNOWN","message":"no answer","retryable":false,"step":"submit"}', '{}'),
('10000000-0000-4000-8000-000000000004', now(), now(), 'persist_failed', 'xai', 'grok-imagine-video-1.5', 'production_i2v', '720p', 4, 'generate', 'not stored',
  'r4', 0.56, NULL, NULL, NULL, 'https://vidgen.example/r4.mp4', '{"code":"PERSIST_FAILED","message":"S3 down","retryable":true,"step":"persist"}', '{}'),
('10000000-0000-4000-8000-000000000005', now(), now(), 'failed', 'xai', 'grok-imagine-video', 'draft', '480p', 8, 'generate', 'url expired',
  'r5', 0.4, NULL, NULL, NULL, 'https://vidgen.example/r5.mp4', '{"code":"TEMPORARY_URL_EXPIRED","message":"gone","retryable":false,"step":"persist"}', '{}'),
('10000000-0000-4000-8000-000000000006', now(), now(), 'timed_out', 'xai', 'grok-imagine-video', 'draft', '480p', 8, 'generate', 'slow',
  'r6', 0.4, NULL, NULL, NULL, NULL, '{"code":"GENERATION_TIMEOUT","message":"late","retryable":true,"step":"poll"}', '{}'),
('10000000-0000-4000-8000-000000000007', now(), now(), 'moderated', 'xai', 'grok-imagine-video', 'draft', '480p', 8, 'generate', 'blocked',
  'r7', 0.4, 0, NULL, NULL, NULL, '{"code":"MODERATED","message":"no","retryable":false,"step":"poll"}', '{}'),
('10000000-0000-4000-8000-000000000008', now() - interval '200 days', now() - interval '200 days', 'succeeded', 'xai', 'grok-imagine-video', 'draft', '480p', 8, 'generate', 'old',
  'r8', 0.4, 0.4, 'videos/8.mp4', 5000, NULL, NULL, '{}')
`;

interface Runner {
  run(sql: string): Promise<{ rows: Record<string, unknown>[]; affected: number }>;
}

function describeQueries(name: string, open: () => Promise<{ runner: Runner; close(): Promise<void> }>): void {
  describe(`docs/operations.md SQL on ${name}`, () => {
    let runner: Runner;
    let close = async () => {};
    const run = async (query: string) => {
      const block = queries.get(query);
      if (block === undefined) throw new Error(`docs/operations.md has no \`\`\`sql name=${query} block`);
      return runner.run(block.code);
    };

    beforeAll(async () => {
      ({ runner, close } = await open());
      await runner.run(seedSql);
    });
    afterAll(() => close());

    it('every sql block of the page is named and runs', async () => {
      expect([...queries.keys()].filter((key) => key.startsWith('unnamed'))).toEqual([]);
      expect(queries.size).toBeGreaterThanOrEqual(10);
      // The writes last, so the reads above see the seed as it was.
      for (const [query, block] of queries) {
        if (/^\s*UPDATE/i.test(block.code)) continue;
        await expect(runner.run(block.code), `docs/operations.md:${block.line} (${query})`).resolves.toBeDefined();
      }
    });

    it('spend-per-day counts committed spend as the budgets do', async () => {
      const { rows } = await run('spend-per-day');
      expect(rows).toHaveLength(1); // today only: the 200-day-old row is outside the 30 days
      const today = rows[0]!;
      // 0.4 reported + 0.4 active + 0.56 + 0.4 + 0.4 accepted + 0 reported + 0 never accepted
      expect(Number(today.committed_usd)).toBeCloseTo(2.16, 6);
      expect(Number(today.reported_usd)).toBeCloseTo(0.4, 6);
      expect(Number(today.unknown_submits)).toBe(1);
    });

    it('spend-per-actor-today sums per actor', async () => {
      const { rows } = await run('spend-per-actor-today');
      const alice = rows.find((row) => row.actor_id === 'alice');
      expect(Number(alice?.committed_usd)).toBeCloseTo(0.8, 6);
    });

    it('stuck-rows finds only the row nobody moved for an hour', async () => {
      const { rows } = await run('stuck-rows');
      expect(rows.map((row) => row.id)).toEqual(['10000000-0000-4000-8000-000000000002']);
    });

    it('waiting-rows counts timed_out and persist_failed', async () => {
      const { rows } = await run('waiting-rows');
      expect(Object.fromEntries(rows.map((row) => [row.status, Number(row.rows)]))).toEqual({ timed_out: 1, persist_failed: 1 });
    });

    it('failure-rates and failures-by-code', async () => {
      const rates = await run('failure-rates');
      const draft = rates.rows.find((row) => row.model === 'grok-imagine-video');
      expect(Number(draft?.jobs)).toBe(6);
      expect(Number(draft?.failed)).toBe(3);
      expect(Number(draft?.failed_pct)).toBe(50);
      const codes = await run('failures-by-code');
      expect(codes.rows.map((row) => row.code).sort()).toEqual(
        ['GENERATION_TIMEOUT', 'MODERATED', 'PERSIST_FAILED', 'SUBMIT_OUTCOME_UNKNOWN', 'TEMPORARY_URL_EXPIRED'].sort(),
      );
    });

    it('alert-numbers gives one row of the alerting signals', async () => {
      const { rows } = await run('alert-numbers');
      expect(rows).toHaveLength(1);
      const numbers = Object.fromEntries(Object.entries(rows[0]!).map(([key, value]) => [key, Number(value)]));
      expect(numbers).toEqual({ stuck_rows: 1, not_stored_rows: 1, unknown_submits_24h: 1, failed_last_hour: 3, spend_today_usd: 2.16 });
    });

    it('reconcile lists the rows that may be paid without a stored video', async () => {
      const { rows } = await run('reconcile');
      expect(rows.map((row) => row.id).sort()).toEqual(
        [unknownSubmitId, '10000000-0000-4000-8000-000000000004', '10000000-0000-4000-8000-000000000005'].sort(),
      );
      const note = await run('reconcile-note');
      expect(note.affected).toBe(1);
      const after = await runner.run(`SELECT metadata ->> 'providerRequestId' AS found FROM generated_videos WHERE id = '${unknownSubmitId}'`);
      expect(after.rows[0]?.found).toBe('the-request-id-you-found');
    });

    it('retention finds and marks old media only', async () => {
      const { rows } = await run('retention-candidates');
      expect(rows.map((row) => row.storage_key)).toEqual(['videos/8.mp4']);
      expect((await run('retention-mark')).affected).toBe(1);
      expect((await run('retention-mark')).affected).toBe(0);
      const used = await run('storage-used');
      expect(used.rows.map((row) => Number(row.videos)).reduce((a, b) => a + b, 0)).toBe(2);
    });
  });
}

describeQueries('PGlite', async () => {
  const db = await PGlite.create();
  await migrate(db);
  return {
    runner: {
      async run(sql) {
        const result = await db.query<Record<string, unknown>>(sql);
        return { rows: result.rows, affected: result.affectedRows ?? 0 };
      },
    },
    close: () => db.close(),
  };
});

const databaseUrl = process.env.DATABASE_URL;
if (databaseUrl === undefined || databaseUrl === '') {
  describe('docs/operations.md SQL on PostgreSQL', () => {
    it('real Postgres server', (context) => context.skip('DATABASE_URL is not set'));
  });
} else {
  describeQueries('PostgreSQL', async () => {
    const schema = `ops_docs_${randomBytes(4).toString('hex')}`;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await migrate(client, { schema });
    await client.query(`SET search_path TO ${schema}`);
    return {
      runner: {
        async run(sql) {
          const result = await client.query(sql);
          return { rows: result.rows as Record<string, unknown>[], affected: result.rowCount ?? 0 };
        },
      },
      close: async () => {
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      },
    };
  });
}

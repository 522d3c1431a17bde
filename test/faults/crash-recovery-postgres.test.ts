/**
 * The crash test on a real Postgres server (DATABASE_URL, as CI sets it): the generate workers
 * crash side by side, then one recover finishes their jobs (see crash-harness.ts).
 */
import { randomBytes } from 'node:crypto';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import pg from 'pg';
import { describe, it } from 'vitest';
import { crashThenRecover, useCrashTestScaffold } from './crash-harness.js';

describe('crash after every step, then recover in another process', () => {
  const scaffold = useCrashTestScaffold();
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl === undefined || databaseUrl === '') {
    console.warn(
      '[test/faults] DATABASE_URL is not set: the crash test against a real Postgres server is SKIPPED (only PGlite ran). ' +
        'Set DATABASE_URL=postgres://postgres@127.0.0.1:5432/test to run it, as CI does.',
    );
    it('real Postgres: crash after every step, recover in another process', (context) => context.skip('DATABASE_URL is not set'));
    return;
  }
  it('real Postgres: crash after every step, recover in another process', async () => {
    const server = scaffold.server();
    server.reset();
    const table = `generated_videos_faults_${randomBytes(4).toString('hex')}`;
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    try {
      await migrate(pool, { table });
      await crashThenRecover(
        server,
        {
          name: `a real Postgres server (table ${table})`,
          env: { FAULTS_LEDGER: 'postgres', DATABASE_URL: databaseUrl, FAULTS_TABLE: table },
          parallel: true,
          readRows: async () => (await createPostgresLedger({ db: pool, table }).list({ limit: 1000 })).records,
        },
        await scaffold.tempDir('media'),
      );
    } finally {
      await pool.query(`DROP TABLE IF EXISTS "${table}"`);
      await pool.query('DELETE FROM video_conductor_migrations WHERE table_name = $1', [table]);
      await pool.end();
    }
  }, 180_000);
});

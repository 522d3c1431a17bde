/**
 * The crash test on PGlite: one file-backed data directory, opened by the processes one after
 * the other, survives a SIGKILL after every step (see crash-harness.ts).
 */
import { PGlite } from '@electric-sql/pglite';
import { createPostgresLedger } from '@ring/video-conductor/postgres';
import { describe, it } from 'vitest';
import { seedPgliteDirectory } from '../support/pglite-template.js';
import { crashThenRecover, useCrashTestScaffold } from './crash-harness.js';

describe('crash after every step, then recover in another process', () => {
  const scaffold = useCrashTestScaffold();

  it('PGlite: one data directory shared by the processes one after the other survives six SIGKILLs', async () => {
    const server = scaffold.server();
    server.reset();
    const dataDir = await scaffold.tempDir('pglite');
    // Starts as the initialised template: the first worker skips initdb.
    seedPgliteDirectory(dataDir);
    const table = 'generated_videos';
    await crashThenRecover(
      server,
      {
        name: 'PGlite (file-backed data directory)',
        env: { FAULTS_LEDGER: 'pglite', FAULTS_PGLITE_DIR: dataDir, FAULTS_TABLE: table },
        parallel: false,
        readRows: async () => {
          const db = await PGlite.create(dataDir);
          try {
            return (await createPostgresLedger({ db, table }).list({ limit: 1000 })).records;
          } finally {
            await db.close();
          }
        },
      },
      await scaffold.tempDir('media'),
    );
  }, 180_000);
});

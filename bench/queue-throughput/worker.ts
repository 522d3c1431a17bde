/**
 * One queue worker process of the queue benchmark (bench/queue-throughput/section.ts): the
 * local provider, a pg Pool ledger and `queue.work` until SIGTERM. Configured by variables.
 */
import { createVideoConductor } from '@ring/video-conductor';
import { createVideoQueue } from '@ring/video-conductor/pg-boss';
import { createPostgresLedger } from '@ring/video-conductor/postgres';
import { createLocalVideoProvider } from '@ring/video-conductor/local';
import { MemoryStorage } from '@ring/video-conductor/testing';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { queueBenchSettings } from './settings.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`queue bench worker: ${name} is not set`);
  return value;
};

const pool = new pg.Pool({ connectionString: env('DATABASE_URL'), max: 4 });
const ledger = createPostgresLedger({ db: pool, table: env('LEDGER_TABLE') });
const provider = createLocalVideoProvider({ polls: queueBenchSettings.providerPolls, pollIntervalMs: queueBenchSettings.providerPollIntervalMs });
const conductor = createVideoConductor({ provider, ledger, storage: new MemoryStorage(), fetch: provider.fetch, urlPolicy: provider.urlPolicy });
const boss = new PgBoss({ connectionString: env('DATABASE_URL'), schema: env('BOSS_SCHEMA'), max: 4 });
boss.on('error', (error) => process.stderr.write(`pg-boss: ${String(error)}\n`));
const queue = createVideoQueue({ boss, conductor, ledger, name: env('QUEUE_NAME'), ...queueBenchSettings.queue });
await boss.start();
const worker = await queue.work({ concurrency: queueBenchSettings.concurrency, pollingIntervalSeconds: queueBenchSettings.pollingIntervalSeconds });
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void (async () => {
    await worker.stop();
    await boss.stop({ graceful: true, timeout: 5_000 });
    await provider.close();
    await pool.end();
    process.exit(0);
  })();
});

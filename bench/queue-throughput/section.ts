import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVideoConductor } from '@ring/video-conductor';
import { createVideoQueue } from '@ring/video-conductor/pg-boss';
import { createPostgresLedger, migrate, type SqlClient } from '@ring/video-conductor/postgres';
import { createLocalVideoProvider } from '@ring/video-conductor/local';
import { MemoryStorage } from '@ring/video-conductor/testing';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import type { BenchmarkSection } from '../lib/benchmark-section.js';
import { queueBenchSettings as settings } from './settings.js';

/** Options of {@link queueThroughputSection}. */
export interface QueueThroughputOptions {
  /** Jobs per row. */
  jobs: number;
  /** Worker process counts, one row each. */
  workers: number[];
  /** Postgres to run on (`DATABASE_URL`). */
  databaseUrl: string;
  onProgress?: (line: string) => void;
}

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const workerScript = path.join(repoRoot, 'bench/queue-throughput/worker.ts');

function startWorker(env: Record<string, string>): { child: ChildProcess; ready: Promise<void>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    cwd: repoRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, 'tsconfig.json'), ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => chunk.includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`queue bench worker exited with ${code} before it was ready`)));
  });
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, ready, exit };
}

async function waitForTerminal(pool: pg.Pool, table: string, jobs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ done: string }>(`SELECT count(*) AS done FROM ${table} WHERE status IN ('succeeded','failed','moderated','expired','cancelled')`);
    if (Number(rows[0]!.done) >= jobs) return;
    if (Date.now() > deadline) throw new Error(`queue bench: ${rows[0]!.done}/${jobs} jobs ended within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A `SqlClient` that counts its statements. */
function counting(pool: pg.Pool): SqlClient & { count: number } {
  const client = {
    count: 0,
    query: (text: string, params?: unknown[]) => {
      client.count += 1;
      return pool.query(text, params);
    },
  };
  return client;
}

/**
 * The pg-boss queue: jobs per minute with 1, 2 and 4 worker processes on a real Postgres, and
 * the database round trips a queued job costs against a direct `generate`.
 */
export async function queueThroughputSection(options: QueueThroughputOptions): Promise<BenchmarkSection> {
  const { jobs, databaseUrl } = options;
  const progress = options.onProgress ?? (() => {});
  const suffix = randomBytes(4).toString('hex');
  const bossSchema = `pgboss_bench_${suffix}`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 8 });
  const tables: string[] = [];
  const newTable = async (label: string) => {
    const table = `gv_bench_${label}_${suffix}`;
    tables.push(table);
    await migrate(pool, { table });
    return table;
  };
  const provider = createLocalVideoProvider({ polls: settings.providerPolls, pollIntervalMs: settings.providerPollIntervalMs });
  const throughputRows: string[][] = [];
  const roundTripRows: string[][] = [];
  try {
    // 1. Throughput with N worker processes.
    for (const workerCount of options.workers) {
      const table = await newTable(`w${workerCount}`);
      const ledger = createPostgresLedger({ db: pool, table });
      const queueName = `bench-${workerCount}-${suffix}`;
      const boss = new PgBoss({ connectionString: databaseUrl, schema: bossSchema, max: 2, supervise: false, schedule: false });
      await boss.start();
      const queue = createVideoQueue({ boss, conductor: createVideoConductor({ provider, ledger }), ledger, name: queueName, ...settings.queue });
      await queue.start();
      const env = { DATABASE_URL: databaseUrl, LEDGER_TABLE: table, BOSS_SCHEMA: bossSchema, QUEUE_NAME: queueName };
      const workers = Array.from({ length: workerCount }, () => startWorker(env));
      try {
        await Promise.all(workers.map((worker) => worker.ready));
        const started = performance.now();
        for (let index = 0; index < jobs; index++) await queue.enqueue({ prompt: `bench clip ${index}`, durationSec: 2, idempotencyKey: `bench-${workerCount}-${index}` });
        await waitForTerminal(pool, table, jobs, 300_000);
        const seconds = (performance.now() - started) / 1000;
        const { rows } = await pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM ${table} GROUP BY status`);
        const succeeded = Number(rows.find((row) => row.status === 'succeeded')?.n ?? 0);
        throughputRows.push([String(workerCount), String(workerCount * settings.concurrency), String(jobs), seconds.toFixed(1), ((succeeded / seconds) * 60).toFixed(0), String(succeeded)]);
        progress(`queue: ${workerCount} worker(s): ${jobs} jobs in ${seconds.toFixed(1)} s`);
      } finally {
        for (const worker of workers) worker.child.kill('SIGTERM');
        await Promise.all(workers.map((worker) => worker.exit));
        await boss.stop({ graceful: false, timeout: 2_000 });
      }
    }

    // 2. Round trips per job, counted in one process: queue (one worker) against direct generate.
    {
      const table = await newTable('trips');
      const ledgerClient = counting(pool);
      const bossClient = counting(pool);
      const ledger = createPostgresLedger({ db: ledgerClient, table });
      const conductor = createVideoConductor({ provider, ledger, storage: new MemoryStorage(), fetch: provider.fetch, urlPolicy: provider.urlPolicy });
      const boss = new PgBoss({ db: { executeSql: (text, values) => bossClient.query(text, values) }, schema: bossSchema, supervise: false, schedule: false });
      await boss.start();
      const queue = createVideoQueue({ boss, conductor, ledger, name: `bench-trips-${suffix}`, ...settings.queue });
      await queue.start();
      const [ledgerBefore, bossBefore] = [ledgerClient.count, bossClient.count];
      const worker = await queue.work({ concurrency: settings.concurrency, pollingIntervalSeconds: settings.pollingIntervalSeconds, maintenance: false });
      for (let index = 0; index < jobs; index++) await queue.enqueue({ prompt: `trip clip ${index}`, durationSec: 2, idempotencyKey: `trips-${index}` });
      await waitForTerminal(pool, table, jobs, 300_000);
      await worker.stop();
      const queueLedger = (ledgerClient.count - ledgerBefore) / jobs;
      const queueBoss = (bossClient.count - bossBefore) / jobs;
      await boss.stop({ graceful: false, timeout: 2_000 });

      const directTable = await newTable('direct');
      const directClient = counting(pool);
      const directConductor = createVideoConductor({
        provider,
        ledger: createPostgresLedger({ db: directClient, table: directTable }),
        storage: new MemoryStorage(),
        fetch: provider.fetch,
        urlPolicy: provider.urlPolicy,
        polling: { intervalMs: settings.queue.pollIntervalMs },
      });
      for (let start = 0; start < jobs; start += settings.concurrency) {
        await Promise.all(
          Array.from({ length: Math.min(settings.concurrency, jobs - start) }, (_, offset) =>
            directConductor.generate({ prompt: `direct clip ${start + offset}`, durationSec: 2, idempotencyKey: `direct-${start + offset}` }),
          ),
        );
      }
      const direct = directClient.count / jobs;
      roundTripRows.push(
        ['direct `conductor.generate`', direct.toFixed(1), '0', direct.toFixed(1)],
        ['queue: `enqueue` + `work` (1 worker)', queueLedger.toFixed(1), queueBoss.toFixed(1), (queueLedger + queueBoss).toFixed(1)],
      );
      progress(`queue: round trips per job: direct ${direct.toFixed(1)}, queue ${queueLedger.toFixed(1)} ledger + ${queueBoss.toFixed(1)} pg-boss`);
    }
  } finally {
    await provider.close();
    await pool.query(`DROP SCHEMA IF EXISTS ${bossSchema} CASCADE`).catch(() => {});
    for (const table of tables) await pool.query(`DROP TABLE IF EXISTS ${table}`).catch(() => {});
    await pool.end();
  }
  return {
    id: 'queue',
    title: 'Queue (pg-boss): throughput and round trips',
    description: [
      `${jobs} clips per row on the local provider (each job: submit, then status checks until done — ${settings.providerPolls} \`pending\` per process —, download over loopback, memory storage),`,
      `Postgres at DATABASE_URL. Workers are separate processes (\`node --import tsx bench/queue-throughput/worker.ts\`), ${settings.concurrency} jobs at once each,`,
      `pg-boss idle fetch every ${settings.pollingIntervalSeconds} s, polls re-scheduled ${settings.queue.pollIntervalMs} ms later with \`startAfter\`. Timed from the first \`enqueue\` (workers already started) to the last terminal row.`,
    ].join(' '),
    tables: [
      { header: ['worker processes', 'slots', 'jobs', 'seconds', 'jobs / minute', 'succeeded'], rows: throughputRows },
      { header: ['path', 'ledger statements / job', 'pg-boss statements / job', 'total / job'], rows: roundTripRows },
    ],
    notes: [
      'A queued job is several deliveries (submit, each status check, the download): each delivery is a pg-boss fetch + complete (+ a send when it re-schedules), and each status check moves the row `timed_out` → `generating` → `timed_out`. That is the price of holding no worker slot while the provider works.',
      'pg-boss statements include its idle fetches while workers wait for re-scheduled polls, so they grow with the polling interval and the time jobs wait, not only with the job count.',
      'With the local provider the jobs are short, so the rate is bound by fetch latency and re-scheduling; with a real provider (minutes per video) it is bound by the provider, and a slot is held only for the seconds of each delivery.',
    ],
  };
}

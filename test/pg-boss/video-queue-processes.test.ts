import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createVideoConductor, type VideoRecord } from '@ring/video-conductor';
import { createVideoQueue } from '@ring/video-conductor/pg-boss';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import { createLocalVideoProvider } from '@ring/video-conductor/local';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Acceptance 1 of the pg-boss queue: three real worker processes on a real Postgres run 30
 * clips of the local provider. Every row ends `succeeded`, the provider's submit log holds
 * exactly 30 submits, no row is left non-terminal — also when one worker is SIGKILLed while
 * it holds jobs (their deliveries expire and another worker continues them from the ledger).
 */

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const workerScript = path.join(repoRoot, 'test/pg-boss/fixtures/queue-worker.ts');
const databaseUrl = process.env.DATABASE_URL;
const clipCount = 30;
const terminal = new Set(['succeeded', 'moderated', 'failed', 'expired', 'cancelled']);

interface Line {
  worker: string;
  at: number;
  event: 'ready' | 'start' | 'end' | 'stopped';
  kind?: 'submit' | 'poll';
  recordId?: string | null;
  status?: string;
}

interface WorkerProcess {
  name: string;
  child: ChildProcess;
  lines: Line[];
  stderr: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startWorker(name: string, env: Record<string, string>): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    cwd: repoRoot,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(repoRoot, 'test/support/tsconfig.dist.json'), WORKER_NAME: name, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const worker: WorkerProcess = { name, child, lines: [], stderr: '', exit: undefined as never };
  let buffered = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const part of parts) if (part.trim() !== '') worker.lines.push(JSON.parse(part) as Line);
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (worker.stderr += chunk));
  // A worker that hangs must not outlive the test.
  const watchdog = setTimeout(() => child.kill('SIGKILL'), 90_000);
  worker.exit = new Promise((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(watchdog);
      resolve({ code, signal });
    }),
  );
  return worker;
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function submitLines(file: string): Promise<{ requestId: string }[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { requestId: string });
}

if (databaseUrl === undefined) {
  console.warn('[test/pg-boss] DATABASE_URL is not set: the multi-process queue test on a real Postgres is SKIPPED (the PGlite queue test ran).');
  describe('video queue across worker processes on real Postgres', () => {
    it('real Postgres server', (context) => context.skip('DATABASE_URL is not set'));
  });
} else {
  describeProcesses(databaseUrl);
}

function describeProcesses(connectionString: string): void {
  describe('video queue across worker processes on real Postgres', () => {
    const suffix = randomBytes(4).toString('hex');
    const bossSchema = `pgboss_test_${suffix}`;
    const pool = new pg.Pool({ connectionString, max: 4 });
    const provider = createLocalVideoProvider();
    const boss = new PgBoss({ connectionString, schema: bossSchema, max: 3, supervise: false, schedule: false });
    const tables: string[] = [];
    let directory: string;

    beforeAll(async () => {
      directory = await mkdtemp(path.join(tmpdir(), 'vc-queue-'));
      await boss.start();
    }, 60_000);

    afterAll(async () => {
      await boss.stop({ graceful: false, timeout: 2_000 });
      await provider.close();
      await pool.query(`DROP SCHEMA IF EXISTS ${bossSchema} CASCADE`);
      for (const table of tables) await pool.query(`DROP TABLE IF EXISTS ${table}`);
      await pool.end();
      await rm(directory, { recursive: true, force: true });
    });

    async function runScenario(label: string, killOne: boolean) {
      const table = `gv_queue_${label}_${suffix}`;
      tables.push(table);
      await migrate(pool, { table });
      const ledger = createPostgresLedger({ db: pool, table });
      const queueName = `videos-${label}-${suffix}`;
      const submitLog = path.join(directory, `${label}-submits.jsonl`);
      // The same queue options as the workers (pg-boss keeps the first creator's).
      const queue = createVideoQueue({
        boss,
        conductor: createVideoConductor({ provider, ledger }),
        ledger,
        name: queueName,
        pollIntervalMs: 100,
        expireInSeconds: 4,
        retryDelaySeconds: 0,
        sweepCron: null,
      });
      const startedAt = Date.now();
      for (let index = 0; index < clipCount; index++) {
        await queue.enqueue({ prompt: `queue clip ${index}`, durationSec: 2, idempotencyKey: `${label}-clip-${index}` });
      }
      const env = {
        DATABASE_URL: connectionString,
        LEDGER_TABLE: table,
        BOSS_SCHEMA: bossSchema,
        QUEUE_NAME: queueName,
        VIDEO_CONDUCTOR_LOCAL_SUBMIT_LOG: submitLog,
        STATUS_DELAY_MS: '300',
        CONCURRENCY: '4',
      };
      // The victim's status checks take 2 s, so the SIGKILL lands inside a delivery even when a
      // loaded machine is slow to notice that one started; the others check in 300 ms.
      const workers = ['w0', 'w1', 'w2'].map((name) => startWorker(name, killOne && name === 'w0' ? { ...env, STATUS_DELAY_MS: '2000' } : env));
      const rows = async () => (await ledger.list({ limit: 1000 })).records;
      let redeliveryMs: number | undefined;
      try {
        if (killOne) {
          const victim = workers[0]!;
          // Every submit done (so the kill cannot leave a submit of unknown outcome), and the
          // victim in the middle of a poll delivery.
          await until(async () => (await submitLines(submitLog)).length === clipCount, 'all submits', 40_000);
          const seen = victim.lines.length;
          await until(() => victim.lines.slice(seen).some((line) => line.event === 'start' && line.kind === 'poll'), 'a poll delivery on w0', 20_000);
          victim.child.kill('SIGKILL');
          const killedAt = Date.now();
          await victim.exit;
          const ended = new Set(victim.lines.filter((line) => line.event === 'end').map((line) => line.recordId));
          const orphans = new Set(victim.lines.filter((line) => line.event === 'start' && line.recordId && !ended.has(line.recordId)).map((line) => line.recordId));
          expect(orphans.size).toBeGreaterThan(0);
          await until(
            () => workers.slice(1).some((worker) => worker.lines.some((line) => line.event === 'start' && line.at >= killedAt && orphans.has(line.recordId ?? ''))),
            'the redelivery of a job held by the killed worker',
            30_000,
          );
          const redelivered = workers
            .slice(1)
            .flatMap((worker) => worker.lines)
            .filter((line) => line.event === 'start' && line.at >= killedAt && orphans.has(line.recordId ?? ''))
            .map((line) => line.at);
          redeliveryMs = Math.min(...redelivered) - killedAt;
          console.log(`[test/pg-boss] SIGKILL of w0 holding ${orphans.size} job(s): first redelivery after ${redeliveryMs} ms (expireInSeconds 4, supervise every 1 s)`);
        }
        await until(async () => (await rows()).filter((row) => terminal.has(row.status)).length === clipCount, `${clipCount} terminal rows`, 45_000);
      } finally {
        for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
      }
      const exits = await Promise.all(workers.map((worker) => worker.exit));
      const finalRows: VideoRecord[] = await rows();
      const submits = await submitLines(submitLog);
      console.log(`[test/pg-boss] ${label}: ${clipCount} clips on 3 workers in ${Date.now() - startedAt} ms`);
      return { workers, exits, finalRows, submits, redeliveryMs };
    }

    it('three workers run 30 clips: all succeed, exactly 30 submits, no row left non-terminal; SIGTERM stops each with exit 0', async () => {
      const { workers, exits, finalRows, submits } = await runScenario('plain', false);
      expect(finalRows).toHaveLength(clipCount);
      expect(finalRows.filter((row) => row.status !== 'succeeded').map((row) => [row.status, row.error])).toEqual([]);
      expect(submits).toHaveLength(clipCount);
      expect(new Set(submits.map((line) => line.requestId)).size).toBe(clipCount);
      expect(exits.map((exit) => exit.code)).toEqual([0, 0, 0]);
      // The work was shared: every worker ran deliveries.
      for (const worker of workers) expect(worker.lines.some((line) => line.event === 'end')).toBe(true);
      for (const worker of workers) expect(worker.lines.at(-1)?.event).toBe('stopped');
    }, 60_000);

    it('one worker SIGKILLed mid-run: its jobs are redelivered, all succeed, still exactly 30 submits', async () => {
      const { exits, finalRows, submits, redeliveryMs } = await runScenario('killed', true);
      expect(redeliveryMs).toBeGreaterThanOrEqual(0);
      expect(finalRows).toHaveLength(clipCount);
      expect(finalRows.filter((row) => row.status !== 'succeeded').map((row) => [row.status, row.error])).toEqual([]);
      expect(submits).toHaveLength(clipCount);
      expect(new Set(finalRows.map((row) => row.requestId)).size).toBe(clipCount);
      expect(exits[0]!.signal).toBe('SIGKILL');
      expect(exits.slice(1).map((exit) => exit.code)).toEqual([0, 0]);
    }, 90_000);
  });
}

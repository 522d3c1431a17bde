/**
 * A long-running worker that finishes jobs: every `intervalMs` it runs `finishJobs` (recover
 * stale jobs, resume timed-out ones, retry storage), serves `GET /healthz` on plain
 * `node:http`, and shuts down cleanly on SIGTERM/SIGINT — it stops taking work, stops waiting
 * for the jobs in hand (they stay resumable: another worker or the next start takes them) and
 * closes the ledger.
 *
 * Run it next to your web processes, with the same configuration (DATABASE_URL,
 * VIDEO_CONDUCTOR_S3_BUCKET, XAI_API_KEY, …):
 *
 *   npx tsx recover-worker.ts        # PORT=8080 by default for the health check
 */
import { createServer, type Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import type { Ledger, VideoConductor } from '@ring/video-conductor';
import { createVideoConductorFromEnv } from '@ring/video-conductor/cli';
import { finishJobs, type FinishJobsOptions, type FinishJobsReport } from './finish-jobs.js';

export interface RecoverWorkerOptions extends Omit<FinishJobsOptions, 'signal'> {
  conductor: VideoConductor;
  ledger: Ledger;
  /** Time between rounds, in ms. @default 30000 */
  intervalMs?: number;
  /** Port of the health check; 0 picks a free one. */
  port: number;
  /** Receives each round's report and errors. @default console.log / console.error */
  log?: (line: string) => void;
}

export interface RecoverWorker {
  /** `http://127.0.0.1:<port>/healthz` */
  healthUrl: string;
  /** Runs one round now (rounds never overlap). */
  tick(): Promise<FinishJobsReport | null>;
  /** Stops the interval, aborts the round in progress and closes the health server. */
  close(): Promise<void>;
}

export async function startRecoverWorker(options: RecoverWorkerOptions): Promise<RecoverWorker> {
  const log = options.log ?? ((line: string) => console.log(line));
  const stopping = new AbortController();
  let lastRoundAt: string | null = null;
  let lastError: string | null = null;
  let running: Promise<FinishJobsReport | null> | null = null;

  const tick = (): Promise<FinishJobsReport | null> => {
    if (stopping.signal.aborted) return Promise.resolve(null);
    running ??= (async () => {
      try {
        const report = await finishJobs(options.conductor, options.ledger, { ...options, signal: stopping.signal });
        lastRoundAt = new Date().toISOString();
        lastError = null;
        if (report.recovered + report.resumed + report.persisted + report.problems.length > 0) log(JSON.stringify(report));
        return report;
      } catch (error) {
        if (stopping.signal.aborted) return null;
        lastError = (error as Error).message;
        log(`finishJobs failed: ${lastError}`);
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  const server: Server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/healthz') {
      const healthy = !stopping.signal.aborted && lastError === null;
      response.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ healthy, lastRoundAt, lastError }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;

  const interval = setInterval(() => void tick(), options.intervalMs ?? 30_000);
  void tick();

  return {
    healthUrl: `http://127.0.0.1:${port}/healthz`,
    tick,
    async close() {
      clearInterval(interval);
      stopping.abort(new Error('the worker is shutting down'));
      await running;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// Run as a program: `npx tsx recover-worker.ts`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const environment = await createVideoConductorFromEnv(process.env);
  const worker = await startRecoverWorker({
    conductor: environment.conductor,
    ledger: environment.ledger,
    port: Number(process.env.PORT ?? 8080),
  });
  console.log(`recover worker on ${environment.description.ledger}; health: ${worker.healthUrl}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      console.log(`${signal}: stopping`);
      void worker.close().then(() => environment.close());
    });
  }
}

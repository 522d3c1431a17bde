import type { CliCommand } from '../cli-command.js';
import { parseNumberFlag } from '../request-flags.js';
import { UsageError } from '../usage-error.js';
import { withQueue } from './open-queue.js';

/** `video-conductor worker`: runs queued video jobs until SIGTERM/SIGINT, then stops gracefully. */
export const workerCommand: CliCommand = {
  name: 'worker',
  usage: 'worker',
  summary: 'Run queued video jobs (pg-boss) until SIGTERM or Ctrl-C; start as many as you like, on any machine',
  details: [
    'Each job is submitted once, then polled by re-scheduling itself, so waiting holds no slot. A',
    'worker that dies leaves its jobs to expire and be delivered to another, which continues from the',
    'ledger without paying twice. SIGTERM/SIGINT stop fetching and wait for the jobs in hand (exit 0).',
    'Also runs the dead-letter handler and the recovery sweep schedule. Needs the optional package pg-boss.',
  ].join('\n'),
  flags: [{ name: 'concurrency', type: 'string', value: 'N', description: 'jobs at once in this process, 1–64 (default 4)' }],
  positionals: [],
  async run(context) {
    const { values, output, io } = context;
    const concurrency = parseNumberFlag(values, 'concurrency', 'worker', { min: 1, max: 64, unit: 'jobs' }) ?? 4;
    if (!Number.isInteger(concurrency)) throw new UsageError('--concurrency must be a whole number', { flag: '--concurrency', command: 'worker' });
    return withQueue(context, async ({ queue, description }) => {
      let jobs = 0;
      const worker = await queue.work({
        concurrency,
        ...(io.signal === undefined ? {} : { signal: io.signal }),
        onJob: ({ jobId, output: job }) => {
          jobs += 1;
          output.error(`job ${jobId}: record ${job.recordId ?? '-'} ${job.status}${job.nextPollAt === undefined ? '' : `, next poll ${job.nextPollAt}`}${job.error === undefined ? '' : ` (${job.error.code})`}`);
        },
      });
      output.error(`worker on ${queue.name} (${description}), ${concurrency} at a time; SIGTERM or Ctrl-C stops it`);
      await new Promise<void>((resolve) => {
        if (io.signal === undefined || io.signal.aborted) return resolve();
        io.signal.addEventListener('abort', () => resolve(), { once: true });
      });
      await worker.stop();
      output.document({ ok: true, exitCode: 0, queue: queue.name, deliveries: jobs });
      output.line(`stopped after ${jobs} deliver${jobs === 1 ? 'y' : 'ies'}`);
      return 0;
    }, { onError: (error) => output.error(`pg-boss: ${(error as Error)?.message ?? String(error)}`) });
  },
};

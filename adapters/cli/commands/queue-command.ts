import type { CliCommand } from '../cli-command.js';
import { formatTable } from '../output/format.js';
import { withQueue } from './open-queue.js';

/** `video-conductor queue`: counts of the pg-boss queue and its oldest waiting job. */
export const queueCommand: CliCommand = {
  name: 'queue',
  usage: 'queue',
  summary: 'Show the video queue: jobs ready, deferred (waiting to poll), active, dead letters, oldest waiting job',
  details: 'Counts are pg-boss\'s, as of its last monitor pass; the oldest waiting job is read live. Needs the optional package pg-boss.',
  flags: [],
  positionals: [],
  async run(context) {
    const { output } = context;
    return withQueue(
      context,
      async ({ queue, description }) => {
        const counts = await queue.counts();
        output.document({ ok: true, exitCode: 0, ...counts });
        output.line(`${counts.name} (${description})`);
        for (const line of formatTable(
          ['ready', 'deferred', 'queued', 'active', 'dead letters'],
          [[counts.ready, counts.deferred, counts.queued, counts.active, counts.deadLetters].map(String)],
        )) {
          output.line(line);
        }
        const oldest = counts.oldestWaiting;
        output.line(oldest === null ? 'no job is waiting' : `oldest waiting: job ${oldest.jobId}, created ${oldest.createdOn}, runs after ${oldest.startAfter}${oldest.recordId === null ? '' : `, record ${oldest.recordId}`}`);
        return 0;
      },
      { supervise: false },
    );
  },
};

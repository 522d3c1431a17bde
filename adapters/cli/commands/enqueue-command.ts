import type { CliCommand } from '../cli-command.js';
import { formatUsd } from '../output/format.js';
import { requestFlagSpecs, requestFromFlags } from '../request-flags.js';
import { withPlanner } from './create-planner.js';
import { withQueue } from './open-queue.js';

/** `video-conductor enqueue <prompt>`: one clip onto the pg-boss queue; a worker makes it. */
export const enqueueCommand: CliCommand = {
  name: 'enqueue',
  usage: 'enqueue <prompt>',
  summary: 'Queue one video for the workers (pg-boss on the ledger\'s database) and return at once',
  details: [
    'Validates and prices the request, then sends a pg-boss job keyed by its idempotency key (a new',
    'UUID unless --idempotency-key is given); nothing is paid until a `video-conductor worker` takes it.',
    'Enqueueing the same key again is a no-op. Needs the optional package pg-boss.',
  ].join('\n'),
  flags: requestFlagSpecs,
  positionals: ['<prompt>'],
  async run(context) {
    const { values, output } = context;
    const request = requestFromFlags(context.positionals[0]!, values, 'enqueue');
    await withPlanner(context, (planner) => planner.estimate(request));
    return withQueue(
      context,
      async ({ queue, description }) => {
        const enqueued = await queue.enqueue(request);
        output.document({ ok: true, exitCode: 0, queue: queue.name, ...enqueued });
        output.line(
          enqueued.created
            ? `queued job ${enqueued.jobId} on ${queue.name} (${description})`
            : `already ${enqueued.status ?? 'queued'}: ${enqueued.jobId === null ? 'nothing queued' : `job ${enqueued.jobId}`}`,
        );
        output.line(`idempotency key ${enqueued.idempotencyKey}${enqueued.recordId === null ? '' : `, record ${enqueued.recordId}`}`);
        output.line(`estimated cost ${formatUsd(enqueued.plan.estimatedCostUsd)} (${enqueued.plan.qualityMode}, ${enqueued.plan.durationSec} s)`);
        return 0;
      },
      { supervise: false },
    );
  },
};

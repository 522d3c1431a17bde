import type { CliCommand } from '../cli-command.js';
import { parseNumberFlag, requestFlagSpecs, requestFromFlags, timeoutFlag } from '../request-flags.js';
import { withPlanner } from './create-planner.js';
import { progressListener } from './job-progress.js';
import { withEnvironment } from './open-environment.js';
import { printResult } from './print-result.js';

/** `video-conductor generate <prompt>`: one video, end to end, with a live progress line. */
export const generateCommand: CliCommand = {
  name: 'generate',
  usage: 'generate <prompt>',
  summary: 'Generate one video and store it (ledger row first, then submit, poll, download, store)',
  details: [
    'Prints the stored URL, sha256, size and cost. Interrupted or timed out, the job keeps running',
    'at the provider and `video-conductor resume <recordId>` continues it without paying again.',
  ].join('\n'),
  flags: [...requestFlagSpecs, timeoutFlag],
  positionals: ['<prompt>'],
  async run(context) {
    const { values, output, io } = context;
    const request = requestFromFlags(context.positionals[0]!, values, 'generate');
    const timeoutMs = parseNumberFlag(values, 'timeout-ms', 'generate', { min: 1, max: 86_400_000, unit: 'milliseconds' });
    const plan = await withPlanner(context, (planner) => planner.estimate(request));
    return withEnvironment(context, async ({ conductor, ledger }) => {
      const board = output.progressBoard();
      let result;
      try {
        result = await conductor.generate(request, {
          onEvent: progressListener(board, 'job', plan.estimatedCostUsd),
          ...(io.signal === undefined ? {} : { signal: io.signal }),
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
        });
        board.finish('job', result.status);
      } finally {
        board.close();
      }
      return printResult(output, result, await ledger.get(result.recordId));
    });
  },
};

import { LedgerError } from '@ring/video-conductor';
import type { CliCommand } from '../cli-command.js';
import { parseNumberFlag, timeoutFlag } from '../request-flags.js';
import { progressListener } from './job-progress.js';
import { withEnvironment } from './open-environment.js';
import { printResult } from './print-result.js';

/** `video-conductor resume <recordId>`: continues a job from its ledger row without submitting again. */
export const resumeCommand: CliCommand = {
  name: 'resume',
  usage: 'resume <recordId>',
  summary: 'Continue a job from its ledger row (poll, download, store) without paying again',
  details: [
    'Submitted, generating and timed-out jobs are polled; made-but-unstored videos are downloaded again;',
    'finished jobs print their result. A job left pending by a crash is never submitted again: it ends',
    'failed with SUBMIT_OUTCOME_UNKNOWN once it is older than a minute.',
  ].join('\n'),
  flags: [timeoutFlag],
  positionals: ['<recordId>'],
  async run(context) {
    const { output, io, values } = context;
    const recordId = context.positionals[0]!;
    const timeoutMs = parseNumberFlag(values, 'timeout-ms', 'resume', { min: 1, max: 86_400_000, unit: 'milliseconds' });
    return withEnvironment(context, async ({ conductor, ledger }) => {
      const record = await ledger.get(recordId);
      if (record === null) throw new LedgerError(`No video record ${recordId} in the ledger`, { ledger: ledger.id, recordId, code: 'RECORD_NOT_FOUND' });
      const board = output.progressBoard();
      let result;
      try {
        result = await conductor.resume(recordId, {
          onEvent: progressListener(board, 'job', record.estimatedCostUsd),
          ...(io.signal === undefined ? {} : { signal: io.signal }),
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
        });
        board.finish('job', result.status);
      } finally {
        board.close();
      }
      return printResult(output, result, await ledger.get(recordId));
    });
  },
};

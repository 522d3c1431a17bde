import { LedgerError } from '@ring/video-conductor';
import type { CliCommand } from '../cli-command.js';
import { createLedgerFromEnv } from '../env/create-ledger-from-env.js';
import { describeRecord } from './describe-record.js';

/** `video-conductor status <recordId>`: one ledger row. */
export const statusCommand: CliCommand = {
  name: 'status',
  usage: 'status <recordId>',
  summary: 'Show a job\'s ledger row: status, request id, URL, sha256, cost, error, audit',
  flags: [],
  positionals: ['<recordId>'],
  async run({ io, envOptions, output, positionals }) {
    const recordId = positionals[0]!;
    const { ledger, close } = await createLedgerFromEnv(io.env, envOptions);
    try {
      const record = await ledger.get(recordId);
      if (record === null) throw new LedgerError(`No video record ${recordId} in the ledger`, { ledger: ledger.id, recordId, code: 'RECORD_NOT_FOUND' });
      output.document({ ok: true, exitCode: 0, record });
      for (const line of describeRecord(record)) output.line(line);
      return 0;
    } finally {
      await close();
    }
  },
};

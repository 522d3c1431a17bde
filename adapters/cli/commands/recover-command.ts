import type { RecoverOptions } from '@ring/video-conductor';
import type { CliCommand } from '../cli-command.js';
import { formatTable } from '../output/format.js';
import { parseNumberFlag } from '../request-flags.js';
import { withEnvironment } from './open-environment.js';

/** `video-conductor recover`: takes over abandoned jobs (stale active rows) and finishes them. */
export const recoverCommand: CliCommand = {
  name: 'recover',
  usage: 'recover',
  summary: 'Lease stale unfinished jobs and finish them (run it from cron or every worker)',
  details: [
    'Polls submitted jobs, stores made-but-unstored videos, and closes rows whose submit outcome is',
    'unknown (SUBMIT_OUTCOME_UNKNOWN) instead of paying twice. Exits 0 when the sweep ran, whatever the',
    'outcomes; they are printed (and in --json).',
  ].join('\n'),
  flags: [
    { name: 'owner', type: 'string', value: 'NAME', description: 'this worker\'s name in the leases (default host:pid:random)' },
    { name: 'stale-after-ms', type: 'string', value: 'MS', description: 'only rows not updated for this long (default 120000)' },
    { name: 'lease-ms', type: 'string', value: 'MS', description: 'how long a lease holds (default poll timeout + 60000)' },
    { name: 'limit', type: 'string', value: 'N', description: 'most rows taken in one run (default 10)' },
  ],
  positionals: [],
  async run(context) {
    const { values, output, io } = context;
    const options: RecoverOptions = {};
    if (typeof values.owner === 'string') options.owner = values.owner;
    const staleAfterMs = parseNumberFlag(values, 'stale-after-ms', 'recover', { min: 0, max: 31_536_000_000, unit: 'milliseconds' });
    if (staleAfterMs !== undefined) options.staleAfterMs = staleAfterMs;
    const leaseMs = parseNumberFlag(values, 'lease-ms', 'recover', { min: 1, max: 31_536_000_000, unit: 'milliseconds' });
    if (leaseMs !== undefined) options.leaseMs = leaseMs;
    const limit = parseNumberFlag(values, 'limit', 'recover', { min: 1, max: 1000, unit: 'rows' });
    if (limit !== undefined) options.limit = limit;
    return withEnvironment(context, async ({ conductor }) => {
      const report = await conductor.recover(options, io.signal === undefined ? {} : { signal: io.signal });
      output.document({ ok: true, exitCode: 0, ...report });
      output.line(`claimed ${report.claimed} stale job${report.claimed === 1 ? '' : 's'}`);
      if (report.outcomes.length > 0) {
        const rows = report.outcomes.map((outcome) => [outcome.recordId, outcome.status, outcome.error === undefined ? '' : `${outcome.error.code}: ${outcome.error.message}`]);
        for (const line of formatTable(['record', 'status', 'error'], rows)) output.line(line);
      }
      return 0;
    });
  },
};

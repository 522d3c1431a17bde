import { videoStatuses, type VideoAudit, type VideoRecordQuery, type VideoStatus } from '@ring/video-conductor';
import type { CliCommand } from '../cli-command.js';
import { createLedgerFromEnv } from '../env/create-ledger-from-env.js';
import { formatTable, formatUsd } from '../output/format.js';
import { parseNumberFlag } from '../request-flags.js';
import { UsageError } from '../usage-error.js';

const auditFlags: Record<string, keyof VideoAudit> = {
  'clip-id': 'clipId',
  'pipeline-request-id': 'pipelineRequestId',
  'actor-id': 'actorId',
  'ref-code': 'refCode',
};

/** `video-conductor list`: ledger rows, newest first, with filters and a cursor. */
export const listCommand: CliCommand = {
  name: 'list',
  usage: 'list',
  summary: 'List ledger rows, newest first (filter by status, provider, audit fields)',
  flags: [
    { name: 'status', type: 'string', value: 'STATUS[,STATUS]', description: `only these statuses: ${videoStatuses.join(', ')}` },
    { name: 'provider', type: 'string', value: 'ID', description: 'only rows of this provider (xai, runway, local); also picks the provider as a global flag' },
    { name: 'clip-id', type: 'string', value: 'ID', description: 'only rows with this audit.clipId' },
    { name: 'pipeline-request-id', type: 'string', value: 'ID', description: 'only rows with this audit.pipelineRequestId (a campaign id)' },
    { name: 'actor-id', type: 'string', value: 'ID', description: 'only rows with this audit.actorId' },
    { name: 'ref-code', type: 'string', value: 'CODE', description: 'only rows with this audit.refCode' },
    { name: 'limit', type: 'string', value: 'N', description: 'rows per page, 1–1000 (default 20)' },
    { name: 'cursor', type: 'string', value: 'CURSOR', description: 'the next page, as printed by the previous one' },
  ],
  positionals: [],
  async run({ io, envOptions, output, values }) {
    const query: VideoRecordQuery = { limit: parseNumberFlag(values, 'limit', 'list', { min: 1, max: 1000, unit: 'rows' }) ?? 20 };
    if (typeof values.status === 'string') {
      const statuses = values.status.split(',').map((status) => status.trim()).filter((status) => status !== '');
      const unknown = statuses.find((status) => !videoStatuses.includes(status as VideoStatus));
      if (unknown !== undefined || statuses.length === 0) {
        throw new UsageError(`--status ${JSON.stringify(unknown ?? values.status)} is not a status; use ${videoStatuses.join(', ')}`, { flag: '--status', command: 'list' });
      }
      query.status = statuses as VideoStatus[];
    }
    if (typeof values.provider === 'string') query.provider = values.provider;
    const audit: VideoAudit = {};
    for (const [flag, field] of Object.entries(auditFlags)) if (typeof values[flag] === 'string') audit[field] = values[flag];
    if (Object.keys(audit).length > 0) query.audit = audit;
    if (typeof values.cursor === 'string') query.cursor = values.cursor;

    const { ledger, close } = await createLedgerFromEnv(io.env, envOptions);
    try {
      const page = await ledger.list(query);
      output.document({ ok: true, exitCode: 0, records: page.records, nextCursor: page.nextCursor ?? null });
      if (page.records.length === 0) {
        output.line('no rows');
      } else {
        const rows = page.records.map((record) => [
          record.id,
          record.status,
          record.provider,
          record.qualityMode,
          record.durationSec === null ? '?' : `${record.durationSec}s`,
          formatUsd(record.actualCostUsd ?? record.estimatedCostUsd),
          record.audit.clipId ?? '',
          record.createdAt,
        ]);
        for (const line of formatTable(['id', 'status', 'provider', 'mode', 'length', 'cost', 'clip', 'created'], rows)) output.line(line);
      }
      if (page.nextCursor !== undefined) output.line(`more: video-conductor list --cursor ${page.nextCursor}`);
      return 0;
    } finally {
      await close();
    }
  },
};

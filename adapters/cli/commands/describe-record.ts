import type { VideoRecord } from '@ring/video-conductor';
import { formatUsd } from '../output/format.js';

/** The lines `status` prints for a ledger row. */
export function describeRecord(record: VideoRecord): string[] {
  const audit = Object.entries(record.audit)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
  const lines = [
    `${record.status}  ${record.id}`,
    `  provider  ${record.provider} ${record.model} (${record.qualityMode}, ${record.resolution}), ${record.operation}`,
    `  video     ${record.durationSec ?? '?'} s, ${record.aspectRatio ?? '?'}`,
    `  prompt    ${record.prompt.length > 100 ? `${record.prompt.slice(0, 97)}...` : record.prompt}`,
    `  request   ${record.requestId ?? '— (not submitted)'}`,
    `  cost      estimated ${formatUsd(record.estimatedCostUsd)}, reported ${formatUsd(record.actualCostUsd)}`,
  ];
  if (record.url !== null) lines.push(`  url       ${record.url}`);
  if (record.sha256 !== null) lines.push(`  sha256    ${record.sha256}`, `  size      ${record.sizeBytes ?? '?'} bytes`);
  if (record.temporaryUrl !== null && record.status !== 'succeeded') lines.push(`  temporary ${record.temporaryUrl}`);
  if (record.error !== null) lines.push(`  error     ${record.error.code}: ${record.error.message}`);
  if (audit !== '') lines.push(`  audit     ${audit}`);
  if (record.idempotencyKey !== null) lines.push(`  key       ${record.idempotencyKey}`);
  lines.push(`  created   ${record.createdAt}`, `  updated   ${record.updatedAt}`);
  return lines;
}

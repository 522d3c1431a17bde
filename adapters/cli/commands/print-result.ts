import type { GenerateVideoResult, VideoRecord } from '@ring/video-conductor';
import { cliExitCodes } from '../exit-codes.js';
import { formatUsd } from '../output/format.js';
import type { Output } from '../output/output.js';

/** The exit code of a job's result: 0 stored, 3 moderated, 1 made but not stored. */
export function exitCodeOfResult(result: GenerateVideoResult): number {
  if (!result.success) return cliExitCodes.moderated;
  return result.status === 'succeeded' ? cliExitCodes.ok : cliExitCodes.failed;
}

/** Prints a job's result for people, and the `{ ok, exitCode, result, record }` document for `--json`. */
export function printResult(output: Output, result: GenerateVideoResult, record: VideoRecord | null): number {
  const exitCode = exitCodeOfResult(result);
  output.document({ ok: exitCode === cliExitCodes.ok, exitCode, result, record });
  if (!result.success) {
    output.line(`moderated  ${result.recordId}: ${result.message}`);
    return exitCode;
  }
  output.line(`${result.status}  ${result.recordId}`);
  output.line(`  video     ${result.video.url}`);
  if (result.sha256 !== null) output.line(`  sha256    ${result.sha256}`);
  if (result.sizeBytes !== null) output.line(`  size      ${result.sizeBytes} bytes`);
  output.line(`  plan      ${result.qualityMode} ${result.resolution} ${result.model}, ${record?.durationSec ?? '?'} s, ${result.video.aspectRatio ?? '?'}`);
  output.line(`  cost      estimated ${formatUsd(result.estimatedCostUsd)}, reported ${formatUsd(result.actualCostUsd)}`);
  output.line(`  request   ${result.video.requestId} (${result.provider})`);
  for (const upgrade of result.upgrades) output.line(`  upgraded  ${upgrade.from} → ${upgrade.to}: ${upgrade.detail}`);
  for (const warning of result.warnings) {
    output.line(`  warning   ${warning.type === 'unsupported' ? `${warning.field} ignored${warning.detail === undefined ? '' : `: ${warning.detail}`}` : warning.message}`);
  }
  if (result.status === 'persist_failed') {
    output.error(`The video was made but not stored (${record?.error?.message ?? 'storage failed'}); store it later with: video-conductor resume ${result.recordId}`);
  }
  return exitCode;
}

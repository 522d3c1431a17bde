import type { GenerateVideoResult, VideoRecord } from '@ring/video-conductor';
import { cliExitCodes } from '../exit-codes.js';
import { formatUsd } from '../output/format.js';
import type { Output } from '../output/output.js';

/** The exit code of a job's result: 0 stored, 3 moderated, 1 made but not stored. */
export function exitCodeOfResult(result: GenerateVideoResult): number {
  if (result.success) return cliExitCodes.ok;
  return result.status === 'moderated' ? cliExitCodes.moderated : cliExitCodes.failed;
}

/** Prints a job's result for people, and the `{ ok, exitCode, result, record }` document for `--json`. */
export function printResult(output: Output, result: GenerateVideoResult, record: VideoRecord | null): number {
  const exitCode = exitCodeOfResult(result);
  output.document({ ok: exitCode === cliExitCodes.ok, exitCode, result, record });
  if (!result.success && result.status === 'moderated') {
    output.line(`moderated  ${result.recordId}: ${result.message}`);
    return exitCode;
  }
  if (!result.success) {
    output.line(`persist_failed  ${result.recordId}`);
    output.line(`  temporary ${result.temporaryUrl ?? '(unknown)'}`);
    output.error(`${result.message.replace(/call persist\("[^"]*"\)/, `run video-conductor resume ${result.recordId}`)}`);
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
  return exitCode;
}

import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BudgetExceededError, InvalidRequestError } from '@ring/video-conductor';
import { exitCodeOfCampaign, summaryTable, totalsOf, type CampaignResult } from '../campaign/campaign-result.js';
import { findPreviousJobs, planClips, type CampaignPlan } from '../campaign/plan-campaign.js';
import { runCampaignClips } from '../campaign/run-campaign.js';
import type { CliCommand } from '../cli-command.js';
import { parseVideoManifest } from '../manifest/parse-video-manifest.js';
import type { VideoManifest } from '../manifest/video-manifest.js';
import { formatUsd } from '../output/format.js';
import { parseNumberFlag, timeoutFlag } from '../request-flags.js';
import { UsageError } from '../usage-error.js';
import { withPlanner } from './create-planner.js';
import { withEnvironment } from './open-environment.js';
import { enqueueCampaign } from './enqueue-campaign.js';

/** Reads and checks a manifest file; every problem is an `InvalidRequestError` with the JSON path. */
async function readManifest(file: string, shown: string): Promise<VideoManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the manifest ${shown}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`, {
      flag: '<manifest.json>',
      command: 'run',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidRequestError(`Invalid manifest: ${shown} is not valid JSON (${(error as Error).message})`, { field: '', code: 'INVALID_MANIFEST' });
  }
  return parseVideoManifest(json);
}

/** The default result file: `campaign.json` → `campaign.result.json`. */
function defaultOut(manifestFile: string): string {
  return `${manifestFile.replace(/\.json$/i, '')}.result.json`;
}

function describePlan(plan: CampaignPlan): string[] {
  const count = (predicate: (clip: CampaignPlan['clips'][number]) => boolean) => plan.clips.filter(predicate).length;
  const fresh = count((clip) => clip.existing === null);
  const done = count((clip) => clip.existing?.status === 'succeeded');
  const ended = count((clip) => ['failed', 'moderated', 'expired', 'cancelled'].includes(clip.existing?.status ?? ''));
  const resume = plan.clips.length - fresh - done - ended;
  const parts = [`${fresh} new`, ...(resume > 0 ? [`${resume} to resume`] : []), ...(done > 0 ? [`${done} already stored`] : []), ...(ended > 0 ? [`${ended} ended earlier`] : [])];
  return [
    `${plan.clips.length} clip${plan.clips.length === 1 ? '' : 's'}: ${parts.join(', ')}`,
    `estimated cost: ${formatUsd(plan.totalEstimatedUsd)} for the campaign, ${formatUsd(plan.newSpendUsd)} not yet spent (${fresh} new clip${fresh === 1 ? '' : 's'})`,
  ];
}

/** `video-conductor run <manifest.json>`: a campaign of clips, resumable by rerunning. */
export const runCommand: CliCommand = {
  name: 'run',
  usage: 'run <manifest.json>',
  summary: 'Generate every clip of a manifest (v2), a few at a time; rerun it to resume',
  details: [
    'Prints the estimated cost before spending anything, then a progress line per clip, a summary',
    'table (clip, status, length, cost, URL), and writes the result JSON. Each clip\'s idempotency key is',
    'campaign/clip id/sha256 of its request: a rerun skips stored clips, resumes unfinished ones and',
    'submits only clips that have no job yet. See docs/manifest.md.',
  ].join('\n'),
  flags: [
    { name: 'out', type: 'string', value: 'FILE', description: 'where to write the result JSON (default <manifest>.result.json)' },
    { name: 'max-cost-usd', type: 'string', value: 'USD', description: 'refuse to start (exit 2, nothing spent) when the clips not yet paid for are estimated above this' },
    { name: 'concurrency', type: 'string', value: 'N', description: 'clips at once, 1–16 (default: the manifest\'s, else 2)' },
    { name: 'dry-run', type: 'boolean', description: 'plan and price the clips, then stop' },
    { name: 'queue', type: 'boolean', description: 'enqueue every clip for `video-conductor worker` (pg-boss) and return; a rerun skips enqueued clips' },
    timeoutFlag,
  ],
  positionals: ['<manifest.json>'],
  async run(context) {
    const { io, values, output } = context;
    const shown = context.positionals[0]!;
    const manifestFile = path.resolve(io.cwd, shown);
    const maxCostUsd = parseNumberFlag(values, 'max-cost-usd', 'run', { min: 0, max: 1_000_000, unit: 'USD' });
    const concurrencyFlag = parseNumberFlag(values, 'concurrency', 'run', { min: 1, max: 16, unit: 'clips' });
    if (concurrencyFlag !== undefined && !Number.isInteger(concurrencyFlag)) throw new UsageError('--concurrency must be a whole number', { flag: '--concurrency', command: 'run' });
    const timeoutMs = parseNumberFlag(values, 'timeout-ms', 'run', { min: 1, max: 86_400_000, unit: 'milliseconds' });
    const outFile = path.resolve(io.cwd, typeof values.out === 'string' ? values.out : defaultOut(shown));

    const manifest = await readManifest(manifestFile, shown);
    const concurrency = concurrencyFlag ?? manifest.concurrency ?? 2;
    // A clip the provider cannot make is refused before the ledger is even opened.
    const planned = await withPlanner(context, (planner) => planClips(manifest, planner));

    return withEnvironment(context, async (environment) => {
      const { conductor, ledger, description } = environment;
      const plan = await findPreviousJobs(planned, ledger);
      output.line(`campaign ${manifest.campaign} (${description.provider} → ${description.storage}, ledger ${description.ledger})`);
      for (const line of describePlan(plan)) output.line(line);
      if (maxCostUsd !== undefined && plan.newSpendUsd > maxCostUsd) {
        throw new BudgetExceededError(
          `Refusing to start: the clips not yet paid for are estimated at ${formatUsd(plan.newSpendUsd)}, above --max-cost-usd ${formatUsd(maxCostUsd)}; nothing was spent`,
          { budget: 'maxCostUsd', limitUsd: maxCostUsd, requestedUsd: plan.newSpendUsd },
        );
      }
      const startedAt = new Date().toISOString();
      if (values['dry-run'] === true) {
        output.document({ ok: true, exitCode: 0, dryRun: true, campaign: manifest.campaign, totalEstimatedUsd: plan.totalEstimatedUsd, newSpendUsd: plan.newSpendUsd, clips: plan.clips.map((clip) => ({ id: clip.clip.id, idempotencyKey: clip.request.idempotencyKey, plan: clip.plan, existing: clip.existing?.status ?? null })) });
        output.line('dry run: nothing was submitted');
        return 0;
      }
      if (values.queue === true) return enqueueCampaign(context, environment, manifest.campaign, plan);
      output.line(`running ${plan.clips.length} clips, ${concurrency} at a time`);
      const board = output.progressBoard(Math.max(...plan.clips.map((clip) => clip.clip.id.length)));
      let clips;
      try {
        clips = await runCampaignClips({
          clips: plan.clips,
          conductor,
          ledger,
          concurrency,
          board,
          ...(io.signal === undefined ? {} : { signal: io.signal }),
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
        });
      } finally {
        board.close();
      }
      const result: CampaignResult = {
        version: 2,
        campaign: manifest.campaign,
        manifest: shown,
        startedAt,
        finishedAt: new Date().toISOString(),
        interrupted: io.signal?.aborted === true,
        totals: totalsOf(clips),
        clips,
      };
      await writeFile(outFile, `${JSON.stringify(result, null, 2)}\n`);
      const exitCode = exitCodeOfCampaign(result);
      output.document({ ok: exitCode === 0, exitCode, ...result });
      output.line();
      for (const line of summaryTable(result)) output.line(line);
      output.line(`result: ${path.relative(io.cwd, outFile) || outFile}`);
      if (result.interrupted) output.error('interrupted: rerun the same manifest to continue; nothing already submitted is paid for twice');
      return exitCode;
    });
  },
};

import { createVideoConductor, MemoryLedger } from '@ring/video-conductor';
import { createRunway, runwayPresets } from '@ring/video-conductor/runway';
import { createXai } from '@ring/video-conductor/xai';
import type { CliCommand } from '../cli-command.js';
import { createProviderFromEnv } from '../env/create-provider-from-env.js';
import { readVariable } from '../env/read-env.js';
import { formatUsd } from '../output/format.js';
import { requestFlagSpecs, requestFromFlags } from '../request-flags.js';

/** `video-conductor estimate <prompt>`: the plan and its cost; opens no ledger or storage and spends nothing. */
export const estimateCommand: CliCommand = {
  name: 'estimate',
  usage: 'estimate <prompt>',
  summary: 'Show the plan (mode, model, resolution, upgrades) and estimated cost; no side effects',
  details: 'Takes the same flags as generate. Needs no key: without one, xAI\'s presets and limits are used (Runway\'s with --provider runway).',
  flags: requestFlagSpecs,
  positionals: ['<prompt>'],
  async run(context) {
    const { output, io } = context;
    const request = requestFromFlags(context.positionals[0]!, context.values, 'estimate');
    // Estimating spends nothing, so a missing key is no reason to refuse: plan with xAI's limits
    // (createXai() reads no key until a call is made, and estimate makes none).
    // The same holds for Runway (createRunway() neither reads a key nor loads its SDK before a call).
    const named = (context.provider ?? readVariable(io.env, 'VIDEO_CONDUCTOR_PROVIDER'))?.toLowerCase();
    const keyless = (variable: string) => readVariable(io.env, variable) === undefined;
    const runway =
      named === 'runway' || (named === undefined && keyless('XAI_API_KEY') && !keyless('RUNWAYML_API_SECRET')) ? createRunway() : undefined;
    const xai = runway === undefined && keyless('XAI_API_KEY') && (named === undefined || named === 'xai') ? createXai() : undefined;
    const providers =
      runway !== undefined
        ? { provider: runway.video, imageProvider: runway.image, presets: runwayPresets, close: async () => {} }
        : xai === undefined
          ? createProviderFromEnv(io.env, context.envOptions)
          : { provider: xai.video, imageProvider: xai.image, presets: undefined, close: async () => {} };
    try {
      const conductor = createVideoConductor({
        provider: providers.provider,
        imageProvider: providers.imageProvider,
        ledger: new MemoryLedger(),
        ...(providers.presets === undefined ? {} : { presets: providers.presets }),
      });
      const plan = conductor.estimate(request);
      output.document({ ok: true, exitCode: 0, plan });
      output.line(`${plan.qualityMode}  ${plan.model}  ${plan.resolution}  ${plan.durationSec} s  ${plan.aspectRatio ?? 'image shape'}  ${plan.operation}`);
      const videoSec = Math.round((plan.cost.videoUsd / (plan.cost.usdPerSecond || 1)) * 100) / 100;
      output.line(
        `estimated cost  ${formatUsd(plan.estimatedCostUsd)} (${formatUsd(plan.cost.usdPerSecond)}/s × ${plan.cost.usdPerSecond > 0 ? videoSec : plan.durationSec} s${plan.cost.firstFrameUsd > 0 ? ` + first frame ${formatUsd(plan.cost.firstFrameUsd)}` : ''}${plan.cost.inputUsd > 0 ? ` + inputs ${formatUsd(plan.cost.inputUsd)}` : ''})`,
      );
      for (const upgrade of plan.upgrades) output.line(`upgraded  ${upgrade.from} → ${upgrade.to}: ${upgrade.detail}`);
      for (const warning of plan.warnings) {
        output.line(`warning   ${warning.type === 'unsupported' ? `${warning.field} ignored${warning.detail === undefined ? '' : `: ${warning.detail}`}` : warning.message}`);
      }
      return 0;
    } finally {
      await providers.close();
    }
  },
};

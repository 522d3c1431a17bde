import type { QualityModePreset } from '../presets/video-presets.js';
import type { VideoPlan } from './video-plan.js';

/** What {@link estimatePlanCost} needs: the resolved mode and operation, and the inputs of known size. */
export interface PlanCostInput {
  /** The effective quality mode (its rates). */
  mode: QualityModePreset;
  operation: VideoPlan['operation'];
  /** Resolved clip length in seconds (an extension: the added segment). */
  durationSec: number;
  /** Length of the source video in seconds, when the request gave it. */
  sourceVideoDurationSec: number | undefined;
  /** Where the starting image comes from. */
  image: VideoPlan['image'];
  /** Price of one first frame in USD (the presets' `firstFrame.usdPerImage`). */
  firstFrameUsdPerImage: number;
  /** Reference images and a last frame, each billed as an input image. */
  otherInputImages: number;
}

/** Rounds a USD amount to 1/10000 of a cent, hiding float noise such as 0.30000000000000004. */
export function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * The estimate of a plan, in USD: video seconds × the mode's rate, plus the first frame, plus
 * input surcharges whose size is known — each input image (starting frame, reference images,
 * last frame) at `usdPerInputImage`, and the source video's seconds at `usdPerInputVideoSecond`.
 */
export function estimatePlanCost(input: PlanCostInput): Pick<VideoPlan, 'estimatedCostUsd' | 'cost'> {
  const { mode, image } = input;
  // Edits render as long as their source; extensions and new videos as long as asked.
  const videoSec = input.operation === 'edit' ? (input.sourceVideoDurationSec ?? input.durationSec) : input.durationSec;
  const videoUsd = roundUsd(videoSec * mode.usdPerSecond);
  const firstFrameUsd = image.source === 'first-frame-prompt' ? input.firstFrameUsdPerImage : 0;
  const inputImages = (image.source === 'none' ? 0 : 1) + input.otherInputImages;
  const inputUsd = roundUsd(inputImages * (mode.usdPerInputImage ?? 0) + (input.sourceVideoDurationSec ?? 0) * (mode.usdPerInputVideoSecond ?? 0));
  return {
    estimatedCostUsd: roundUsd(videoUsd + firstFrameUsd + inputUsd),
    cost: { usdPerSecond: mode.usdPerSecond, videoUsd, firstFrameUsd, inputUsd },
  };
}

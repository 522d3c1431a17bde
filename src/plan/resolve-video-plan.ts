import { InvalidRequestError } from '../errors/invalid-request-error.js';
import type { VideoProviderCapabilities } from '../ports/video-provider.js';
import type { Warning } from '../ports/warning.js';
import { getDefaultVideoPresets, type VideoPresets } from '../presets/video-presets.js';
import { checkPlanCapabilities, checkSourceAndReferences } from './check-plan-capabilities.js';
import { estimatePlanCost } from './estimate-plan-cost.js';
import type { GenerateVideoRequest } from './generate-video-request.js';
import { validateVideoRequest } from './validate-video-request.js';
import type { PlanUpgrade, VideoPlan } from './video-plan.js';

/** Aspect ratios accepted when no provider capabilities are given. */
export const defaultAspectRatios: readonly string[] = ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3'];

/** Duration range accepted when no provider capabilities are given, in seconds. */
export const defaultDurationRange = { min: 1, max: 15 } as const;

/** Added length an extension may have when no provider capabilities are given (xAI's), in seconds. */
const defaultExtendDurationRange = { min: 2, max: 10 } as const;
/** Added length of an extension that names none, when no provider capabilities are given (xAI's), in seconds. */
const defaultExtendDurationSec = 6;

/** Options of {@link resolveVideoPlan}. */
export interface ResolveVideoPlanOptions {
  /**
   * The provider's capabilities. When given, durations, aspect ratios, resolutions and
   * operations are checked against them. `undefined`: the xAI ranges (1–15 s, seven ratios).
   */
  capabilities?: VideoProviderCapabilities;
  /** Provider id for error messages. */
  providerId?: string;
}

/**
 * Turns a request into a plan: the effective quality mode, model, resolution, operation,
 * duration, aspect ratio and estimated cost, and what was upgraded and why.
 *
 * Pure: no I/O, same input → same plan. Rules, in order:
 * 1. `qualityMode` defaults to `presets.defaultQualityMode` and must exist.
 * 2. `remaster: true` moves to the mode's `remaster` target (draft → production).
 * 3. An image source (`imageUrl` or `firstFramePrompt`) moves a text mode to its
 *    `withImage` target (draft → draft_i2v, production → production_i2v).
 * 4. A mode that `requiresImage` without an image source is rejected.
 * 5. `sourceVideoUrl` makes the operation `edit` (or `extend`). An edit follows its source's
 *    length and shape (duration and aspect ratio are reported as ignored); an extension's
 *    `durationSec` is the length of the added segment (xAI: 2–10 s, default 6).
 * 6. When an image starts the video and no `aspectRatio` is given, `aspectRatio` is `null`:
 *    none is sent and the video keeps the image's shape.
 * 7. Capability limits (per-model resolutions, source video lengths, reference images, audio
 *    toggle, last frame) are checked here, before any ledger row or provider call.
 *
 * The estimate is the video seconds × the mode's rate, plus the first frame, plus input
 * surcharges whose size is known: each input image (starting frame, reference images, last
 * frame) at `usdPerInputImage`, and `sourceVideoDurationSec` at `usdPerInputVideoSecond`.
 *
 * @throws InvalidRequestError (or its subclass UnsupportedCapabilityError) naming the field.
 * @example
 * ```ts
 * const plan = resolveVideoPlan({ prompt: 'A fox in the snow', imageUrl: 'https://example.com/fox.png' });
 * plan.qualityMode; // 'draft_i2v'
 * plan.estimatedCostUsd; // 8 s × 0.08 + one input image × 0.01 = 0.65
 * ```
 */
export function resolveVideoPlan(
  request: GenerateVideoRequest,
  presets: VideoPresets = getDefaultVideoPresets(),
  options: ResolveVideoPlanOptions = {},
): VideoPlan {
  const valid = validateVideoRequest(request);
  const { capabilities } = options;
  const providerId = options.providerId ?? presets.provider;
  const modeNames = Object.keys(presets.qualityModes);

  const requestedQualityMode = valid.qualityMode ?? presets.defaultQualityMode;
  if (!Object.hasOwn(presets.qualityModes, requestedQualityMode)) {
    throw new InvalidRequestError(
      `Invalid video request: unknown qualityMode "${requestedQualityMode}"; allowed: ${modeNames.join(', ')}`,
      { field: 'qualityMode' },
    );
  }

  const upgrades: PlanUpgrade[] = [];
  let qualityMode = requestedQualityMode;
  const moveTo = (target: string | undefined, reason: PlanUpgrade['reason'], detail: string) => {
    if (target === undefined || target === qualityMode) return;
    upgrades.push({ from: qualityMode, to: target, reason, detail });
    qualityMode = target;
  };

  if (valid.remaster === true) {
    moveTo(presets.qualityModes[qualityMode]?.remaster, 'remaster', 'remaster: true selects the production preset');
  }
  const image: VideoPlan['image'] =
    valid.imageUrl !== undefined
      ? { source: 'image-url', url: valid.imageUrl }
      : valid.firstFramePrompt !== undefined
        ? { source: 'first-frame-prompt', prompt: valid.firstFramePrompt, model: presets.firstFrame.model }
        : { source: 'none' };
  const hasImage = image.source !== 'none';
  if (hasImage) {
    moveTo(
      presets.qualityModes[qualityMode]?.withImage,
      'image',
      `${image.source === 'image-url' ? 'imageUrl' : 'firstFramePrompt'} needs an image-to-video mode`,
    );
  }
  const mode = presets.qualityModes[qualityMode]!;
  if (mode.requiresImage && !hasImage) {
    throw new InvalidRequestError(
      `Invalid video request: qualityMode "${qualityMode}" needs a starting image; give imageUrl or firstFramePrompt`,
      { field: 'qualityMode' },
    );
  }

  const operation = valid.sourceVideoUrl === undefined ? 'generate' : (valid.operation ?? 'edit');
  if (capabilities !== undefined) {
    checkPlanCapabilities(capabilities, providerId, operation, hasImage, mode.model, mode.resolution, valid);
  }
  const extending = operation === 'extend';
  const durationRange = extending
    ? (capabilities === undefined ? defaultExtendDurationRange : (capabilities.extendDurations ?? capabilities.durations))
    : (capabilities?.durations ?? defaultDurationRange);
  const durationSec =
    valid.durationSec ??
    (extending ? (capabilities === undefined ? defaultExtendDurationSec : (capabilities.extendDefaultDurationSec ?? presets.defaultDurationSec)) : presets.defaultDurationSec);
  if (durationSec < durationRange.min || durationSec > durationRange.max) {
    throw new InvalidRequestError(
      extending
        ? `Invalid video request: durationSec of an extension is the length of the added segment, a whole number from ${durationRange.min} to ${durationRange.max}, got ${durationSec}`
        : `Invalid video request: durationSec must be a whole number from ${durationRange.min} to ${durationRange.max}, got ${durationSec}`,
      { field: 'durationSec' },
    );
  }
  if (capabilities !== undefined) checkSourceAndReferences(capabilities, providerId, operation, durationSec, mode.resolution, valid);
  const aspectRatios = (hasImage ? capabilities?.imageToVideoAspectRatios : undefined) ?? capabilities?.aspectRatios ?? defaultAspectRatios;
  // An image that starts the video sets its shape; an explicit ratio would stretch it.
  const aspectRatio = valid.aspectRatio ?? (hasImage ? null : presets.defaultAspectRatio);
  if (aspectRatio !== null && !aspectRatios.includes(aspectRatio)) {
    throw new InvalidRequestError(
      `Invalid video request: aspectRatio "${aspectRatio}" is not allowed; allowed: ${aspectRatios.join(', ')}`,
      { field: 'aspectRatio' },
    );
  }

  const warnings: Warning[] = [];
  if (operation !== 'generate') {
    const ignored: [keyof GenerateVideoRequest, string][] = [
      ...(operation === 'edit' ? ([['durationSec', 'the length follows the source video']] as [keyof GenerateVideoRequest, string][]) : []),
      ['aspectRatio', 'the aspect ratio follows the source video'],
      ['generateAudio', 'the audio toggle applies to new videos only; it is not sent'],
    ];
    for (const [field, detail] of ignored) {
      if (valid[field] !== undefined) warnings.push({ type: 'unsupported', field, detail: `${operation}: ${detail}` });
    }
  }

  const { estimatedCostUsd, cost } = estimatePlanCost({
    mode,
    operation,
    durationSec,
    sourceVideoDurationSec: valid.sourceVideoDurationSec,
    image,
    firstFrameUsdPerImage: presets.firstFrame.usdPerImage,
    otherInputImages: (valid.referenceImageUrls?.length ?? 0) + (valid.lastFrameUrl !== undefined ? 1 : 0),
  });
  const plan: VideoPlan = {
    provider: presets.provider,
    requestedQualityMode,
    qualityMode,
    model: mode.model,
    resolution: mode.resolution,
    operation,
    prompt: valid.prompt,
    durationSec,
    aspectRatio,
    image,
    estimatedCostUsd,
    cost,
    upgrades,
    warnings,
  };
  if (valid.referenceImageUrls !== undefined) plan.referenceImageUrls = [...valid.referenceImageUrls];
  if (valid.lastFrameUrl !== undefined) plan.lastFrameUrl = valid.lastFrameUrl;
  if (valid.generateAudio !== undefined && operation === 'generate') plan.generateAudio = valid.generateAudio;
  if (valid.sourceVideoDurationSec !== undefined) plan.sourceVideoDurationSec = valid.sourceVideoDurationSec;
  if (valid.sourceVideoUrl !== undefined) plan.sourceVideoUrl = valid.sourceVideoUrl;
  if (valid.user !== undefined) plan.user = valid.user;
  return plan;
}

import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { UnsupportedCapabilityError } from '../errors/unsupported-capability-error.js';
import type { VideoProviderCapabilities } from '../ports/video-provider.js';
import type { Warning } from '../ports/warning.js';
import { getDefaultVideoPresets, type VideoPresets } from '../presets/video-presets.js';
import type { GenerateVideoRequest } from './generate-video-request.js';
import { validateVideoRequest } from './validate-video-request.js';
import type { PlanUpgrade, VideoPlan } from './video-plan.js';

/** Aspect ratios accepted when no provider capabilities are given. */
export const defaultAspectRatios: readonly string[] = ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3'];

/** Duration range accepted when no provider capabilities are given, in seconds. */
export const defaultDurationRange = { min: 1, max: 15 } as const;

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

/** Rounds a USD amount to 1/10000 of a cent, hiding float noise such as 0.30000000000000004. */
function roundUsd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
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
 * 5. `sourceVideoUrl` makes the operation `edit` (or `extend`); duration, aspect ratio and
 *    resolution are then ignored by the provider and reported as warnings.
 *
 * @throws InvalidRequestError (or its subclass UnsupportedCapabilityError) naming the field.
 * @example
 * ```ts
 * const plan = resolveVideoPlan({ prompt: 'A fox in the snow', imageUrl: 'https://example.com/fox.png' });
 * plan.qualityMode; // 'draft_i2v'
 * plan.estimatedCostUsd; // 8 s × 0.08 = 0.64
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
  const imageSource = valid.imageUrl !== undefined ? 'image-url' : valid.firstFramePrompt !== undefined ? 'first-frame-prompt' : null;
  if (imageSource !== null) {
    moveTo(
      presets.qualityModes[qualityMode]?.withImage,
      'image',
      `${imageSource === 'image-url' ? 'imageUrl' : 'firstFramePrompt'} needs an image-to-video mode`,
    );
  }
  const mode = presets.qualityModes[qualityMode]!;
  if (mode.requiresImage && imageSource === null) {
    throw new InvalidRequestError(
      `Invalid video request: qualityMode "${qualityMode}" needs a starting image; give imageUrl or firstFramePrompt`,
      { field: 'qualityMode' },
    );
  }

  const operation = valid.sourceVideoUrl === undefined ? 'generate' : (valid.operation ?? 'edit');
  if (capabilities !== undefined) {
    checkCapabilities(capabilities, providerId, operation, imageSource !== null, mode.resolution);
  }
  const durationRange = capabilities?.durations ?? defaultDurationRange;
  const durationSec = valid.durationSec ?? presets.defaultDurationSec;
  if (durationSec < durationRange.min || durationSec > durationRange.max) {
    throw new InvalidRequestError(
      `Invalid video request: durationSec must be a whole number from ${durationRange.min} to ${durationRange.max}, got ${durationSec}`,
      { field: 'durationSec' },
    );
  }
  const aspectRatios = capabilities?.aspectRatios ?? defaultAspectRatios;
  const aspectRatio = valid.aspectRatio ?? presets.defaultAspectRatio;
  if (!aspectRatios.includes(aspectRatio)) {
    throw new InvalidRequestError(
      `Invalid video request: aspectRatio "${aspectRatio}" is not allowed; allowed: ${aspectRatios.join(', ')}`,
      { field: 'aspectRatio' },
    );
  }

  const warnings: Warning[] = [];
  if (operation !== 'generate') {
    const ignored: [keyof GenerateVideoRequest, string][] = [
      ['durationSec', 'the length follows the source video'],
      ['aspectRatio', 'the aspect ratio follows the source video'],
    ];
    for (const [field, detail] of ignored) {
      if (valid[field] !== undefined) warnings.push({ type: 'unsupported', field, detail: `${operation}: ${detail}` });
    }
  }

  const videoUsd = roundUsd(durationSec * mode.usdPerSecond);
  const firstFrameUsd = imageSource === 'first-frame-prompt' ? presets.firstFrame.usdPerImage : 0;
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
    imageSource,
    estimatedCostUsd: roundUsd(videoUsd + firstFrameUsd),
    cost: { usdPerSecond: mode.usdPerSecond, videoUsd, firstFrameUsd },
    upgrades,
    warnings,
  };
  if (valid.imageUrl !== undefined) plan.imageUrl = valid.imageUrl;
  if (valid.firstFramePrompt !== undefined) {
    plan.firstFramePrompt = valid.firstFramePrompt;
    plan.firstFrameModel = presets.firstFrame.model;
  }
  if (valid.sourceVideoUrl !== undefined) plan.sourceVideoUrl = valid.sourceVideoUrl;
  if (valid.user !== undefined) plan.user = valid.user;
  return plan;
}

function checkCapabilities(
  capabilities: VideoProviderCapabilities,
  provider: string,
  operation: VideoPlan['operation'],
  hasImage: boolean,
  resolution: string,
): void {
  if (operation === 'edit' && !capabilities.edit) {
    throw new UnsupportedCapabilityError(`Provider "${provider}" cannot edit videos; remove sourceVideoUrl`, {
      field: 'sourceVideoUrl',
      capability: 'edit',
      provider,
    });
  }
  if (operation === 'extend' && !capabilities.extend) {
    throw new UnsupportedCapabilityError(`Provider "${provider}" cannot extend videos; remove operation "extend"`, {
      field: 'operation',
      capability: 'extend',
      provider,
    });
  }
  if (operation === 'generate' && hasImage && !capabilities.imageToVideo) {
    throw new UnsupportedCapabilityError(`Provider "${provider}" cannot start a video from an image`, {
      field: 'imageUrl',
      capability: 'imageToVideo',
      provider,
    });
  }
  if (operation === 'generate' && !hasImage && !capabilities.textToVideo) {
    throw new UnsupportedCapabilityError(`Provider "${provider}" needs a starting image; give imageUrl or firstFramePrompt`, {
      field: 'imageUrl',
      capability: 'textToVideo',
      provider,
    });
  }
  if (!capabilities.resolutions.includes(resolution)) {
    throw new UnsupportedCapabilityError(
      `Provider "${provider}" cannot render ${resolution}; it supports ${capabilities.resolutions.join(', ')}`,
      { field: 'qualityMode', capability: 'resolution', provider },
    );
  }
}

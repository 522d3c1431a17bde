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
    checkCapabilities(capabilities, providerId, operation, imageSource !== null, mode.model, mode.resolution, valid);
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
  const aspectRatios = capabilities?.aspectRatios ?? defaultAspectRatios;
  // An image that starts the video sets its shape; an explicit ratio would stretch it.
  const aspectRatio = valid.aspectRatio ?? (imageSource !== null ? null : presets.defaultAspectRatio);
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

  // Edits render as long as their source; extensions and new videos as long as asked.
  const videoSec = operation === 'edit' ? (valid.sourceVideoDurationSec ?? durationSec) : durationSec;
  const videoUsd = roundUsd(videoSec * mode.usdPerSecond);
  const firstFrameUsd = imageSource === 'first-frame-prompt' ? presets.firstFrame.usdPerImage : 0;
  const inputImages = (imageSource !== null ? 1 : 0) + (valid.referenceImageUrls?.length ?? 0) + (valid.lastFrameUrl !== undefined ? 1 : 0);
  const inputUsd = roundUsd(inputImages * (mode.usdPerInputImage ?? 0) + (valid.sourceVideoDurationSec ?? 0) * (mode.usdPerInputVideoSecond ?? 0));
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
    estimatedCostUsd: roundUsd(videoUsd + firstFrameUsd + inputUsd),
    cost: { usdPerSecond: mode.usdPerSecond, videoUsd, firstFrameUsd, inputUsd },
    upgrades,
    warnings,
  };
  if (valid.referenceImageUrls !== undefined) plan.referenceImageUrls = [...valid.referenceImageUrls];
  if (valid.lastFrameUrl !== undefined) plan.lastFrameUrl = valid.lastFrameUrl;
  if (valid.generateAudio !== undefined && operation === 'generate') plan.generateAudio = valid.generateAudio;
  if (valid.sourceVideoDurationSec !== undefined) plan.sourceVideoDurationSec = valid.sourceVideoDurationSec;
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
  model: string,
  resolution: string,
  request: GenerateVideoRequest,
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
  const modelResolutions = capabilities.modelResolutions?.[model];
  if (modelResolutions !== undefined && !modelResolutions.includes(resolution)) {
    throw new UnsupportedCapabilityError(
      `Model "${model}" of provider "${provider}" cannot render ${resolution}; it supports ${modelResolutions.join(', ')}`,
      { field: 'qualityMode', capability: 'resolution', provider },
    );
  }
  if (request.generateAudio === false && operation === 'generate' && capabilities.audioToggle !== true) {
    throw new UnsupportedCapabilityError(`Provider "${provider}" cannot turn the audio off; remove generateAudio`, {
      field: 'generateAudio',
      capability: 'audioToggle',
      provider,
    });
  }
  if (request.lastFrameUrl !== undefined && capabilities.lastFrameModels?.includes(model) !== true) {
    const models = capabilities.lastFrameModels ?? [];
    throw new UnsupportedCapabilityError(
      `Model "${model}" of provider "${provider}" takes no last frame${models.length > 0 ? `; only ${models.join(', ')} do (choose a quality mode using one)` : ''}; remove lastFrameUrl`,
      { field: 'lastFrameUrl', capability: 'lastFrame', provider },
    );
  }
}

/** Limits that depend on the resolved duration: source video length, reference images, edit resolution. */
function checkSourceAndReferences(
  capabilities: VideoProviderCapabilities,
  provider: string,
  operation: VideoPlan['operation'],
  durationSec: number,
  resolution: string,
  request: GenerateVideoRequest,
): void {
  const sourceSec = request.sourceVideoDurationSec;
  if (operation === 'extend' && sourceSec !== undefined && capabilities.extendSourceDurations !== undefined) {
    const { min, max } = capabilities.extendSourceDurations;
    if (sourceSec < min || sourceSec > max) {
      throw new InvalidRequestError(
        `Invalid video request: provider "${provider}" extends source videos of ${min} to ${max} s, got sourceVideoDurationSec ${sourceSec}`,
        { field: 'sourceVideoDurationSec' },
      );
    }
  }
  if (operation === 'edit') {
    const maxSec = capabilities.editMaxSourceDurationSec;
    if (sourceSec !== undefined && maxSec !== undefined && sourceSec > maxSec) {
      throw new InvalidRequestError(
        `Invalid video request: provider "${provider}" edits source videos of at most ${maxSec} s, got sourceVideoDurationSec ${sourceSec}`,
        { field: 'sourceVideoDurationSec' },
      );
    }
    if (capabilities.editResolutions !== undefined && !capabilities.editResolutions.includes(resolution)) {
      throw new UnsupportedCapabilityError(
        `Provider "${provider}" renders edits at ${capabilities.editResolutions.join(', ')} only, not ${resolution}; choose another qualityMode`,
        { field: 'qualityMode', capability: 'resolution', provider },
      );
    }
  }
  const references = request.referenceImageUrls;
  if (references === undefined) return;
  const limits = capabilities.referenceImages;
  if (limits === undefined) {
    throw new UnsupportedCapabilityError(`Provider "${provider}" cannot make a video from reference images; remove referenceImageUrls`, {
      field: 'referenceImageUrls',
      capability: 'referenceImages',
      provider,
    });
  }
  if (references.length < limits.min || references.length > limits.max) {
    throw new InvalidRequestError(
      `Invalid video request: referenceImageUrls must hold ${limits.min} to ${limits.max} URLs for provider "${provider}", got ${references.length}`,
      { field: 'referenceImageUrls' },
    );
  }
  if (durationSec > limits.maxDurationSec) {
    throw new InvalidRequestError(
      `Invalid video request: a video from reference images lasts at most ${limits.maxDurationSec} s at provider "${provider}", got durationSec ${durationSec}`,
      { field: 'durationSec' },
    );
  }
  if (!limits.resolutions.includes(resolution)) {
    throw new UnsupportedCapabilityError(
      `Provider "${provider}" renders videos from reference images at ${limits.resolutions.join(', ')} only, not ${resolution}; choose another qualityMode`,
      { field: 'qualityMode', capability: 'referenceImages', provider },
    );
  }
}

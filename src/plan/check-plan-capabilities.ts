import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { UnsupportedCapabilityError } from '../errors/unsupported-capability-error.js';
import type { VideoProviderCapabilities } from '../ports/video-provider.js';
import type { GenerateVideoRequest } from './generate-video-request.js';
import type { VideoPlan } from './video-plan.js';

/**
 * Refuses a request the provider cannot serve: the operation, an image start (or its absence),
 * the mode's resolution and model, the audio toggle, a last frame. Runs before the duration
 * is resolved, so the error names what the provider lacks rather than a range.
 *
 * @throws UnsupportedCapabilityError naming the field and the capability.
 */
export function checkPlanCapabilities(
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

/**
 * Limits that depend on the resolved duration: source video length, reference images, edit
 * resolution.
 *
 * @throws InvalidRequestError (or UnsupportedCapabilityError) naming the field.
 */
export function checkSourceAndReferences(
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

import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { ModerationError } from '../errors/moderation-error.js';
import type { VideoPlan } from '../plan/video-plan.js';
import type { GeneratedImage } from '../ports/image-provider.js';
import type { FirstFrameInfo, VideoRecord } from '../ports/video-record.js';
import { type CallContext, type ConductorDependencies, isAbortOf } from './job-context.js';
import { failJob, recordFirstFrame } from './record-transitions.js';

/** The plan's image when a first frame is to be generated. */
export type FirstFramePlan = Extract<VideoPlan['image'], { source: 'first-frame-prompt' }>;

/**
 * How making the first frame ended: the `pending` row now holding it, `moderated` (the image
 * provider refused the prompt; the submit phase records that), or `aborted` before or during it.
 */
export type FirstFrameOutcome = { record: VideoRecord } | { moderated: ModerationError } | { aborted: true };

/**
 * Makes the first frame of an image-to-video job with the image provider, before the billable
 * submit, and records it on the `pending` row. Other failures end the row `failed` and are thrown.
 */
export async function makeFirstFrame(
  deps: ConductorDependencies,
  record: VideoRecord,
  plan: VideoPlan,
  image: FirstFramePlan,
  call: CallContext,
): Promise<FirstFrameOutcome> {
  const imageProvider = deps.imageProvider!;
  if (call.signal?.aborted) return { aborted: true };
  let generated: GeneratedImage;
  try {
    generated = await imageProvider.generateImage(
      // The first frame sets the video's shape: made at the asked ratio, or the presets' default.
      { prompt: image.prompt, aspectRatio: plan.aspectRatio ?? deps.presets.defaultAspectRatio, model: image.model },
      { signal: call.signal },
    );
  } catch (error) {
    if (isAbortOf(error, call.signal)) return { aborted: true };
    if (ModerationError.isInstance(error)) return { moderated: error };
    return failJob(deps, record, error, 'first-frame', call);
  }
  const firstFrame = await hostFirstFrame(deps, record, image, generated, call);
  const updated = await recordFirstFrame(deps, record, firstFrame);
  call.emit({ type: 'first-frame', recordId: record.id, firstFrame });
  return { record: updated };
}

/** A first frame the provider can fetch: its URL, or the bytes stored (or inlined as a data URL). */
async function hostFirstFrame(
  deps: ConductorDependencies,
  record: VideoRecord,
  plan: FirstFramePlan,
  image: GeneratedImage,
  call: CallContext,
): Promise<FirstFrameInfo> {
  const imageProvider = deps.imageProvider!;
  const info: FirstFrameInfo = {
    source: 'generated',
    url: image.url ?? '',
    prompt: plan.prompt,
    provider: imageProvider.id,
    model: plan.model,
    contentType: image.contentType,
  };
  if (image.costUsd !== undefined) info.costUsd = image.costUsd;
  if (image.url !== undefined) return info;
  if (image.data === undefined) {
    const error = new InvalidRequestError('The image provider returned neither a URL nor bytes', { field: 'firstFramePrompt', provider: imageProvider.id });
    return failJob(deps, record, error, 'first-frame', call);
  }
  const { storage } = deps;
  if (storage !== undefined) {
    const extension = image.contentType.split('/')[1]?.replace('jpeg', 'jpg') ?? 'img';
    const stored = await storage.put(`${deps.keyPrefix}${record.id}.first-frame.${extension}`, image.data, { contentType: image.contentType }, { signal: call.signal });
    return { ...info, url: stored.url, storageKey: stored.key };
  }
  return { ...info, url: `data:${image.contentType};base64,${Buffer.from(image.data).toString('base64')}` };
}

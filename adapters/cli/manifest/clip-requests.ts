import { createHash } from 'node:crypto';
import type { GenerateVideoRequest } from '@ring/video-conductor';
import { composeDialoguePrompt } from './compose-dialogue-prompt.js';
import type { VideoManifest, VideoManifestClip } from './video-manifest.js';

/** One clip, resolved to the request the conductor gets. */
export interface ClipRequest {
  /** Position in `clips`. */
  index: number;
  clip: VideoManifestClip;
  /** Defaults merged with the clip, dialogue composed, audit and idempotency key set. */
  request: GenerateVideoRequest & { idempotencyKey: string };
}

/** Fields that do not change the video: left out of the hash, so editing them never pays twice. */
const bookkeepingFields = new Set(['audit', 'metadata', 'idempotencyKey']);

/** JSON with object keys sorted at every level: equal values give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The idempotency key of a clip: `<campaign>/<clip id>/<first 12 hex of sha256>` of what the
 * request asks the provider for (prompt with dialogue, mode, duration, ratio, images, …;
 * audit fields and metadata excluded). Rerunning an unchanged clip finds its job; changing
 * how it looks makes a new one.
 *
 * @example
 * ```ts
 * clipIdempotencyKey('launch', 'intro', { prompt: 'A fox', durationSec: 6 }); // 'launch/intro/3f2a…'
 * ```
 */
export function clipIdempotencyKey(campaign: string, clipId: string, request: GenerateVideoRequest): string {
  const hashed = Object.fromEntries(Object.entries(request).filter(([field]) => !bookkeepingFields.has(field)));
  const digest = createHash('sha256').update(canonicalJson(hashed)).digest('hex').slice(0, 12);
  return `${campaign}/${clipId}/${digest}`;
}

/**
 * The effective request of every clip: `defaults`, then the clip's own fields (a clip's
 * field wins; `audit` and `metadata` are merged), the dialogue appended to the prompt,
 * `audit.clipId` = the clip id, `audit.pipelineRequestId` defaulting to the campaign id, and
 * the idempotency key of {@link clipIdempotencyKey}.
 *
 * @example
 * ```ts
 * const [first] = resolveClipRequests(manifest);
 * first.request.idempotencyKey; // 'launch/intro/3f2a…'
 * ```
 */
export function resolveClipRequests(manifest: VideoManifest): ClipRequest[] {
  const defaults = manifest.defaults ?? {};
  return manifest.clips.map((clip, index) => {
    const { id, prompt, dialogue, audit, metadata, ...fields } = clip;
    const request: GenerateVideoRequest = {
      ...withoutBookkeeping(defaults),
      ...fields,
      prompt: composeDialoguePrompt(prompt, dialogue),
      audit: { pipelineRequestId: manifest.campaign, ...defaults.audit, ...audit, clipId: id },
    };
    const mergedMetadata = { ...defaults.metadata, ...metadata };
    if (Object.keys(mergedMetadata).length > 0) request.metadata = mergedMetadata;
    return { index, clip, request: { ...request, idempotencyKey: clipIdempotencyKey(manifest.campaign, id, request) } };
  });
}

function withoutBookkeeping<T extends object>(fields: T): Omit<T, 'audit' | 'metadata'> {
  const { audit: _audit, metadata: _metadata, ...rest } = fields as T & { audit?: unknown; metadata?: unknown };
  return rest;
}

/**
 * Where in the manifest a request field came from, for error messages: the clip's own field
 * (`clips[2].durationSec`), else the default (`defaults.durationSec`), else the clip.
 * A prompt problem with dialogue points at the dialogue when the bare prompt was fine.
 */
export function manifestPathOf(manifest: VideoManifest, index: number, field: string): string {
  const clip = manifest.clips[index];
  const top = field.split(/[.[]/)[0] ?? field;
  const clipPath = `clips[${index}]`;
  if (field === '' || clip === undefined) return clipPath;
  if (top === 'prompt' && clip.dialogue !== undefined) return `${clipPath}.dialogue`;
  if (top in clip || manifest.defaults === undefined || !(top in manifest.defaults)) return `${clipPath}.${field}`;
  return `defaults.${field}`;
}

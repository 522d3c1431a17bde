import type { VideoRecord, VideoStatus } from '@ring/video-conductor';

/** The actions a job page offers. */
export type StudioAction = 'resume' | 'persist' | 'cancel';

/** Every action, in the order the job page shows them. */
export const studioActions: readonly StudioAction[] = ['resume', 'persist', 'cancel'];

const applicable: Record<StudioAction, readonly VideoStatus[]> = {
  // conductor.resume continues these without submitting again.
  resume: ['pending', 'submitted', 'generating', 'persisting', 'persist_failed', 'timed_out'],
  // conductor.persist only stores a made video.
  persist: ['persisting', 'persist_failed'],
  // conductor.cancel changes only these (a `persisting` upload is left to finish).
  cancel: ['pending', 'submitted', 'generating', 'timed_out'],
};

/** Whether `action` means something for the row in its current status. */
export function isActionApplicable(action: StudioAction, record: VideoRecord): boolean {
  return applicable[action].includes(record.status);
}

/** Single-quotes a shell word. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The plan's upgrades and warnings the conductor wrote: its notes field (`record.conductor`), or
 * for rows written before that field existed, `metadata.videoConductor` (or the top of `metadata`).
 */
export function conductorMetadataOf(record: VideoRecord): { upgrades?: unknown; warnings?: unknown } {
  if (record.conductor !== null && record.conductor !== undefined) return record.conductor;
  const nested = record.metadata.videoConductor;
  return typeof nested === 'object' && nested !== null ? (nested as { upgrades?: unknown; warnings?: unknown }) : record.metadata;
}

/** The quality mode the caller asked for: before the plan's upgrades. */
function requestedQualityMode(record: VideoRecord): string {
  const upgrades = conductorMetadataOf(record).upgrades;
  if (Array.isArray(upgrades) && upgrades.length > 0) {
    const from = (upgrades[0] as { from?: unknown }).from;
    if (typeof from === 'string') return from;
  }
  return record.qualityMode;
}

/**
 * The `GenerateVideoRequest` that makes this job again (without its idempotency key, so
 * running it starts — and pays for — a new job).
 */
export function requestOfRecord(record: VideoRecord): Record<string, unknown> {
  const request: Record<string, unknown> = { prompt: record.prompt, durationSec: record.durationSec, qualityMode: requestedQualityMode(record) };
  if (record.aspectRatio !== null) request.aspectRatio = record.aspectRatio;
  if (record.firstFrame?.source === 'generated' && record.firstFrame.prompt !== undefined) request.firstFramePrompt = record.firstFrame.prompt;
  else if (record.imageUrl !== null) request.imageUrl = record.imageUrl;
  if (record.sourceVideoUrl !== null) {
    request.sourceVideoUrl = record.sourceVideoUrl;
    request.operation = record.operation;
  }
  const audit = Object.fromEntries(Object.entries(record.audit).filter(([, value]) => value !== undefined));
  if (Object.keys(audit).length > 0) request.audit = audit;
  return request;
}

/** The same request as a `video-conductor generate` command line. */
export function cliCommandOfRecord(record: VideoRecord): string {
  const request = requestOfRecord(record);
  const words = ['video-conductor', 'generate', shellQuote(record.prompt), '--provider', shellQuote(record.provider), '--duration', String(record.durationSec), '--quality-mode', shellQuote(String(request.qualityMode))];
  if (typeof request.aspectRatio === 'string') words.push('--aspect-ratio', shellQuote(request.aspectRatio));
  if (typeof request.firstFramePrompt === 'string') words.push('--first-frame-prompt', shellQuote(request.firstFramePrompt));
  if (typeof request.imageUrl === 'string') words.push('--image-url', shellQuote(request.imageUrl));
  if (typeof request.sourceVideoUrl === 'string') words.push('--source-video-url', shellQuote(request.sourceVideoUrl), '--operation', record.operation);
  const flags: Record<string, string> = { clipId: '--clip-id', pipelineRequestId: '--pipeline-request-id', refCode: '--ref-code', actorId: '--actor-id' };
  for (const [field, flag] of Object.entries(flags)) {
    const value = (record.audit as Record<string, string | undefined>)[field];
    if (value !== undefined) words.push(flag, shellQuote(value));
  }
  return words.join(' ');
}

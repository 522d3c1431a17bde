import type { GenerateVideoRequest, VideoAudit } from '@ring/video-conductor';
import type { FlagSpec } from './cli-command.js';
import { UsageError } from './usage-error.js';

/** A request flag: its spec and the request field it sets. */
interface RequestFlag extends FlagSpec {
  /** Dotted request field, e.g. `durationSec`, `audit.clipId`. */
  field: string;
}

const requestFlags: readonly RequestFlag[] = [
  { name: 'quality-mode', type: 'string', value: 'MODE', field: 'qualityMode', description: 'draft (default), draft_i2v, production, production_i2v, production_i2v_1080p' },
  { name: 'image-url', type: 'string', value: 'URL', field: 'imageUrl', description: 'starting frame (https URL): image-to-video' },
  { name: 'first-frame-prompt', type: 'string', value: 'TEXT', field: 'firstFramePrompt', description: 'make a first frame from this prompt, then the video from it' },
  { name: 'source-video-url', type: 'string', value: 'URL', field: 'sourceVideoUrl', description: 'a video (https URL) to edit or extend' },
  { name: 'source-video-duration', type: 'string', value: 'SECONDS', field: 'sourceVideoDurationSec', description: 'length of --source-video-url, when known (limits and estimate)' },
  { name: 'operation', type: 'string', value: 'edit|extend', field: 'operation', description: 'what to do with --source-video-url (default edit)' },
  { name: 'remaster', type: 'boolean', field: 'remaster', description: 'use the 720p production preset of the mode' },
  { name: 'duration', type: 'string', value: 'SECONDS', field: 'durationSec', description: 'clip length in whole seconds (default 8; 1–15 for xAI); for extend, the added seconds (2–10, default 6)' },
  { name: 'aspect-ratio', type: 'string', value: 'W:H', field: 'aspectRatio', description: '16:9 (default; none sent with an image), 9:16, 1:1, 4:3, 3:4, 3:2, 2:3' },
  { name: 'reference-image-url', type: 'string', value: 'URL', field: 'referenceImageUrls', multiple: true, description: 'reference-to-video image (https URL); repeat for several (xAI: 1–7)' },
  { name: 'no-audio', type: 'boolean', field: 'generateAudio', description: 'a silent clip (xAI makes audio by default)' },
  { name: 'last-frame-url', type: 'string', value: 'URL', field: 'lastFrameUrl', description: 'the frame the clip ends on (https URL; grok-imagine-video-1.5 modes)' },
  { name: 'thumbnail', type: 'boolean', field: 'thumbnail', description: 'render a thumbnail beside the video (when a renderer is configured)' },
  { name: 'clip-id', type: 'string', value: 'ID', field: 'audit.clipId', description: 'audit: the clip within a campaign or storyboard' },
  { name: 'pipeline-request-id', type: 'string', value: 'ID', field: 'audit.pipelineRequestId', description: 'audit: your request or pipeline run id' },
  { name: 'ref-code', type: 'string', value: 'CODE', field: 'audit.refCode', description: 'audit: a business reference (order, ticket, campaign)' },
  { name: 'actor-id', type: 'string', value: 'ID', field: 'audit.actorId', description: 'audit: the user or service asking' },
  { name: 'idempotency-key', type: 'string', value: 'KEY', field: 'idempotencyKey', description: 'a second run with the same key returns or resumes the first job' },
];

/** The flag of `--timeout-ms`, shared by the commands that wait for jobs. */
export const timeoutFlag: FlagSpec = {
  name: 'timeout-ms',
  type: 'string',
  value: 'MS',
  description: 'stop waiting after this long (the job keeps running; resume it later). Default 600000',
};

/** The request flags of `generate` and `estimate`, for `parseArgs` and `--help`. */
export const requestFlagSpecs: readonly FlagSpec[] = requestFlags;

/**
 * The flag that sets a request field, for error messages: `durationSec` → `--duration`,
 * `audit.clipId` → `--clip-id`, `prompt` → `<prompt>`.
 */
export function flagOfRequestField(field: string): string | undefined {
  if (field === 'prompt') return '<prompt>';
  const flag = requestFlags.find((candidate) => candidate.field === field) ?? requestFlags.find((candidate) => field.startsWith(`${candidate.field}.`));
  return flag === undefined ? undefined : `--${flag.name}`;
}

/** Parses a whole-number flag; a value that is not a number is a `UsageError` naming the flag. */
export function parseNumberFlag(
  values: Record<string, string | boolean | undefined>,
  name: string,
  command: string,
  range: { min: number; max: number; unit: string },
): number | undefined {
  const text = values[name];
  if (text === undefined || typeof text === 'boolean') return undefined;
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new UsageError(`--${name} must be a number of ${range.unit}, got ${JSON.stringify(text)}`, { flag: `--${name}`, command });
  }
  if (value < range.min || value > range.max) {
    throw new UsageError(`--${name} must be from ${range.min} to ${range.max} ${range.unit}, got ${text}`, { flag: `--${name}`, command });
  }
  return value;
}

/**
 * Builds the request from `<prompt>` and the request flags. Only the shape of the flag
 * values is checked here (numbers); the conductor validates the request and names the field,
 * which {@link flagOfRequestField} turns back into the flag.
 */
export function requestFromFlags(prompt: string, values: Record<string, string | boolean | undefined>, command: string): GenerateVideoRequest {
  const request: Record<string, unknown> = { prompt };
  const audit: VideoAudit = {};
  for (const flag of requestFlags) {
    const value = values[flag.name];
    if (value === undefined) continue;
    let parsed: unknown = value;
    if (flag.field === 'durationSec' || flag.field === 'sourceVideoDurationSec') {
      parsed = parseNumberFlag(values, flag.name, command, { min: -Infinity, max: Infinity, unit: 'seconds' });
    }
    // --reference-image-url repeats (parseArgs gives an array); --no-audio means generateAudio: false.
    if (flag.field === 'referenceImageUrls') parsed = Array.isArray(value) ? value.map(String) : [String(value)];
    if (flag.field === 'generateAudio') parsed = value === true ? false : undefined;
    if (parsed === undefined) continue;
    if (flag.field.startsWith('audit.')) audit[flag.field.slice('audit.'.length) as keyof VideoAudit] = String(value);
    else request[flag.field] = parsed;
  }
  if (Object.keys(audit).length > 0) request.audit = audit;
  return request as unknown as GenerateVideoRequest;
}

import type { GenerateVideoRequest, VideoAudit, VideoPresets } from '@ring/video-conductor';
import { z } from 'zod';
import type { ExactFields } from '@ring/video-conductor/provider-kit';

/**
 * Arguments of the `ring-video-create` tool: the fields of a `GenerateVideoRequest` but
 * `metadata` and `user` (which the tool does not take), with the audit
 * fields flat (an agent fills four strings more reliably than a nested object), plus
 * `wait`. After the MCP SDK checked the types, the conductor validates the request as it
 * validates every request (ranges, URLs, presets), so the rules live in one place.
 */
export interface CreateVideoToolInput extends Omit<GenerateVideoRequest, 'audit' | 'metadata' | 'user'>, VideoAudit {
  /** `true`: answer when the video is stored; `false`: answer once the provider accepted the job. @default true */
  wait: boolean;
}

/** Arguments of the `ring-video-status` tool. */
export interface VideoStatusToolInput {
  /** The ledger record id `ring-video-create` returned (`recordId`). */
  recordId: string;
}

/** The `ring-video-status` arguments when a queue is configured (`RegisterVideoToolsOptions.queue`). */
export interface QueuedVideoStatusToolInput {
  /** The ledger record id, once known. */
  recordId?: string;
  /** The idempotency key a `wait: false` answer carried, until a worker has written the row. */
  idempotencyKey?: string;
}

/**
 * The zod schema of the `ring-video-create` arguments, its descriptions filled from the
 * conductor's presets. Strict: an unknown field (`duration` for `durationSec`) is refused,
 * as the conductor refuses it, instead of being dropped silently.
 */
export function createVideoToolInputSchema(presets: VideoPresets) {
  const modes = Object.entries(presets.qualityModes)
    .map(([name, mode]) => `${name} (${mode.resolution}, ${mode.usdPerSecond} USD/s${mode.requiresImage ? ', needs an image' : ''})`)
    .join('; ');
  const auditField = (what: string) => z.string().optional().describe(`Audit: ${what}. Stored and indexed with the job.`);
  return z
    .object({
      prompt: z.string().describe('What the video shows, 1–4096 characters.'),
      qualityMode: z
        .string()
        .optional()
        .describe(`Quality mode. Default ${presets.defaultQualityMode}. Modes: ${modes}. An image on a text mode upgrades it to the image mode.`),
      imageUrl: z.string().optional().describe('Starting frame, an absolute https URL. Makes the job image-to-video.'),
      firstFramePrompt: z
        .string()
        .optional()
        .describe('Prompt of a first frame generated before the video (instead of imageUrl). Needs an image provider.'),
      sourceVideoUrl: z.string().optional().describe('A video (absolute https URL) to edit or extend.'),
      sourceVideoDurationSec: z
        .number()
        .optional()
        .describe('Length of sourceVideoUrl in seconds, when known: checked against the provider limits (xAI: edits at most 8.7 s, extensions of 2–15 s) and added to the estimate as input video.'),
      operation: z.enum(['edit', 'extend']).optional().describe('What to do with sourceVideoUrl. Default edit. Only with sourceVideoUrl.'),
      remaster: z.boolean().optional().describe('Use the 720p production preset of the requested mode.'),
      durationSec: z
        .number()
        .int()
        .optional()
        .describe(
          `Clip length in whole seconds, within the provider's range. Default ${presets.defaultDurationSec}. For operation extend: the length of the added segment (xAI: 2–10, default 6). Ignored by edits.`,
        ),
      aspectRatio: z
        .string()
        .optional()
        .describe(`Aspect ratio such as 16:9, 9:16 or 1:1. Default ${presets.defaultAspectRatio} for text-to-video; with a starting image and no ratio, none is sent and the video keeps the image's shape.`),
      referenceImageUrls: z
        .array(z.string())
        .optional()
        .describe('Reference-to-video: absolute https URLs of images whose subjects the video shows (xAI: 1–7 images, at most 10 s, at most 720p). Not with imageUrl, firstFramePrompt or sourceVideoUrl.'),
      generateAudio: z.boolean().optional().describe('false: a silent clip. Default: the provider default (xAI: with audio).'),
      lastFrameUrl: z
        .string()
        .optional()
        .describe('Absolute https URL of the frame the clip should end on (xAI: grok-imagine-video-1.5 modes only, i.e. with an image).'),
      thumbnail: z
        .union([
          z.boolean(),
          z
            .object({
              title: z.string().optional(),
              subtitle: z.string().optional(),
              brandColor: z.string().optional().describe('Hex colour such as #ff3366.'),
              position: z.enum(['top', 'center', 'bottom']).optional(),
            })
            .strict(),
        ])
        .optional()
        .describe('Render a thumbnail beside the video: true, or an object with title, subtitle, brandColor, position.'),
      clipId: auditField('the clip within a campaign or storyboard'),
      pipelineRequestId: auditField("the caller's request or pipeline run id"),
      refCode: auditField('a business reference (order, ticket, campaign code)'),
      actorId: auditField('the user or service that asked'),
      idempotencyKey: z
        .string()
        .optional()
        .describe('A second call with the same key never pays again: it returns (or continues) the first job. 1–200 characters.'),
      wait: z
        .boolean()
        .default(true)
        .describe(
          'true (default): answer when the video is stored, with progress notifications meanwhile. false: answer with the recordId as soon as the provider accepted the job; poll ring-video-status.',
        ),
    })
    .strict() satisfies z.ZodType<CreateVideoToolInput>;
}

/** The zod schema of the `ring-video-status` arguments. */
export function videoStatusToolInputSchema() {
  return z
    .object({
      recordId: z.string().min(1).describe('The recordId that ring-video-create returned.'),
    })
    .strict() satisfies z.ZodType<VideoStatusToolInput>;
}

// Compile-time: each tool schema accepts exactly the fields of its input type, and
// CreateVideoToolInput derives from GenerateVideoRequest — so a request field added to the
// core without its tool argument (or an argument whose type drifted) stops the build here.
const toolSchemasAreExact: [
  ExactFields<z.output<ReturnType<typeof createVideoToolInputSchema>>, CreateVideoToolInput>,
  ExactFields<z.output<ReturnType<typeof videoStatusToolInputSchema>>, VideoStatusToolInput>,
  ExactFields<z.output<ReturnType<typeof queuedVideoStatusToolInputSchema>>, QueuedVideoStatusToolInput>,
] = [true, true, true];
void toolSchemasAreExact;

/**
 * The `ring-video-status` arguments when a queue is configured: `recordId`, or the
 * `idempotencyKey` of a queued job whose row a worker has not written yet.
 */
export function queuedVideoStatusToolInputSchema() {
  return z
    .object({
      recordId: z.string().min(1).optional().describe('The recordId that ring-video-create returned.'),
      idempotencyKey: z.string().min(1).max(200).optional().describe('For a queued job (wait=false): the idempotencyKey that ring-video-create returned; use it until the answer carries a recordId.'),
    })
    .strict() satisfies z.ZodType<QueuedVideoStatusToolInput>;
}

/** The conductor request an MCP `ring-video-create` call stands for (`wait` is the tool's own). */
export function toGenerateVideoRequest(input: CreateVideoToolInput): GenerateVideoRequest {
  const { wait: _wait, clipId, pipelineRequestId, refCode, actorId, ...fields } = input;
  const request: GenerateVideoRequest = { ...fields };
  // Absent, not `undefined`: the request reads as the agent wrote it.
  for (const [key, value] of Object.entries(request)) {
    if (value === undefined) Reflect.deleteProperty(request, key);
  }
  const audit: VideoAudit = {};
  if (clipId !== undefined) audit.clipId = clipId;
  if (pipelineRequestId !== undefined) audit.pipelineRequestId = pipelineRequestId;
  if (refCode !== undefined) audit.refCode = refCode;
  if (actorId !== undefined) audit.actorId = actorId;
  if (Object.keys(audit).length > 0) request.audit = audit;
  return request;
}

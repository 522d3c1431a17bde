import { z } from 'zod';
import type { ExactFields } from '@ring/video-conductor/provider-kit';
import type { VideoManifest, VideoManifestClip, VideoManifestDialogueLine, VideoManifestRequestFields } from './video-manifest.js';

/** Longest prompt the core accepts, in characters (the dialogue is counted in). */
export const maxManifestPromptLength = 4096;
/** Most clips in one manifest. */
export const maxManifestClips = 1000;
/** Allowed `concurrency`. */
export const manifestConcurrencyRange = { min: 1, max: 16 } as const;

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** "is required" when the field is missing, else "must be <kind>". */
const typeError = (field: string, kind: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `${field} is required` : `${field} must be ${kind}`;
const idOf = (field: string) =>
  z
    .string({ error: typeError(field, 'a string') })
    .regex(idPattern, `${field} must be 1–64 characters: letters, digits, ".", "_" or "-", starting with a letter or digit`);

const text = (field: string, max: number) =>
  z
    .string({ error: typeError(field, 'a string') })
    .min(1, { error: `${field} must not be empty` })
    .max(max, { error: `${field} must be at most ${max} characters` })
    .refine((value) => value.trim().length > 0, { message: `${field} must not be blank` });

const httpsUrl = (field: string) =>
  z.string({ error: `${field} must be a string holding an https URL` }).refine(
    (value) => {
      try {
        return new URL(value).protocol === 'https:';
      } catch {
        return false;
      }
    },
    { message: `${field} must be an absolute https:// URL` },
  );

const auditSchema = z
  .object(
    {
      pipelineRequestId: text('audit.pipelineRequestId', 256).optional(),
      refCode: text('audit.refCode', 256).optional(),
      actorId: text('audit.actorId', 256).optional(),
    },
    { error: 'audit must be an object with pipelineRequestId, refCode and actorId strings (clipId is the clip id)' },
  )
  .strict() satisfies z.ZodType<VideoManifestRequestFields['audit']>;

const thumbnailSchema = z.union(
  [
    z.boolean(),
    z
      .object({
        title: text('thumbnail.title', 200).optional(),
        subtitle: text('thumbnail.subtitle', 200).optional(),
        brandColor: z.string().regex(/^#[0-9a-fA-F]{3,8}$/, 'thumbnail.brandColor must be a hex colour such as #ff3366').optional(),
        position: z.enum(['top', 'center', 'bottom'], { error: 'thumbnail.position must be top, center or bottom' }).optional(),
      })
      .strict(),
  ],
  { error: 'thumbnail must be true, false or an object with title, subtitle, brandColor, position' },
);

/** Request fields a manifest may set in `defaults` and on each clip (prompt and idempotency key excepted). */
const requestFields = {
  qualityMode: text('qualityMode', 64).optional().describe('A quality mode of the presets: draft, draft_i2v, production, production_i2v.'),
  imageUrl: httpsUrl('imageUrl').optional().describe('Starting frame (https URL): image-to-video.'),
  firstFramePrompt: text('firstFramePrompt', maxManifestPromptLength).optional().describe('Prompt of a first frame made before the video.'),
  sourceVideoUrl: httpsUrl('sourceVideoUrl').optional().describe('A video (https URL) to edit or extend.'),
  sourceVideoDurationSec: z
    .number({ error: 'sourceVideoDurationSec must be a number of seconds' })
    .positive({ error: 'sourceVideoDurationSec must be more than 0 seconds' })
    .optional()
    .describe('Length of sourceVideoUrl in seconds, when known: checked against the provider limits (xAI: edits at most 8.7 s, extensions of 2–15 s) and estimated as input video.'),
  operation: z.enum(['edit', 'extend'], { error: 'operation must be "edit" or "extend"' }).optional(),
  remaster: z.boolean({ error: 'remaster must be true or false' }).optional(),
  durationSec: z
    .number({ error: 'durationSec must be a number of seconds' })
    .int({ error: 'durationSec must be a whole number of seconds' })
    .min(1, { error: 'durationSec must be at least 1 second' })
    .max(300, { error: 'durationSec must be at most 300 seconds (the provider\'s own limit is checked when the clip is planned)' })
    .optional()
    .describe('Clip length in whole seconds (1–15 for xAI); for operation extend, the added seconds (2–10 for xAI, default 6).'),
  aspectRatio: z
    .string({ error: 'aspectRatio must be a string such as 16:9' })
    .regex(/^\d{1,2}:\d{1,2}$/, 'aspectRatio must look like 16:9 or 9:16')
    .optional(),
  referenceImageUrls: z
    .array(httpsUrl('referenceImageUrls[]'), { error: 'referenceImageUrls must be an array of https URLs' })
    .min(1, { error: 'referenceImageUrls must hold at least one URL' })
    .max(64, { error: 'referenceImageUrls must hold at most 64 URLs' })
    .optional()
    .describe('Reference-to-video: https URLs of images whose subjects the clip shows (xAI: 1–7, at most 10 s, at most 720p).'),
  generateAudio: z.boolean({ error: 'generateAudio must be true or false' }).optional().describe('false: a silent clip (xAI makes audio by default).'),
  lastFrameUrl: httpsUrl('lastFrameUrl').optional().describe('The frame the clip should end on (https URL; xAI: grok-imagine-video-1.5 modes only).'),
  thumbnail: thumbnailSchema.optional(),
  audit: auditSchema.optional(),
  metadata: z.record(z.string(), z.unknown(), { error: 'metadata must be an object' }).optional(),
  user: text('user', 256).optional().describe('End-user id forwarded to the provider.'),
};

const dialogueLineSchema = z
  .object(
    {
      speaker: text('speaker', 64).describe('Who speaks, e.g. ANNA.'),
      line: text('line', 500).describe('What they say.'),
    },
    { error: 'each dialogue entry must be an object with speaker and line' },
  )
  .strict() satisfies z.ZodType<VideoManifestDialogueLine>;

const clipSchema = z
  .object(
    {
      id: idOf('id').describe('Unique within the manifest; part of the idempotency key and stored as audit.clipId.'),
      prompt: text('prompt', maxManifestPromptLength),
      dialogue: z
        .array(dialogueLineSchema, { error: 'dialogue must be an array of { speaker, line }' })
        .min(1, { error: 'dialogue must have at least one line (or be left out)' })
        .max(50, { error: 'dialogue may have at most 50 lines' })
        .optional()
        .describe('Lines appended to the prompt as a DIALOGUE: block (best-effort guidance to the model).'),
      ...requestFields,
    },
    { error: 'each clip must be an object with at least id and prompt' },
  )
  .strict() satisfies z.ZodType<VideoManifestClip>;

const defaultsSchema = z
  .object(requestFields, { error: 'defaults must be an object of request fields' })
  .strict() satisfies z.ZodType<VideoManifestRequestFields>;

/** The manifest v2 validator. Internal: the package exports types and `parseVideoManifest`, not zod objects. */
export const videoManifestSchema = z
  .object(
    {
      $schema: z.string().optional(),
      version: z.literal(2, { error: 'version must be 2 (this CLI reads manifest v2)' }),
      campaign: idOf('campaign').describe('Campaign id; part of every clip\'s idempotency key, and the default audit.pipelineRequestId.'),
      description: z.string({ error: 'description must be a string' }).optional(),
      defaults: defaultsSchema.optional().describe('Request fields every clip inherits (a clip\'s own fields win; audit and metadata are merged).'),
      clips: z
        .array(clipSchema, { error: 'clips must be an array of clips' })
        .min(1, { error: 'clips must have at least one clip' })
        .max(maxManifestClips, { error: `clips may have at most ${maxManifestClips} clips` }),
      concurrency: z
        .number({ error: 'concurrency must be a number' })
        .int({ error: 'concurrency must be a whole number' })
        .min(manifestConcurrencyRange.min, { error: `concurrency must be from ${manifestConcurrencyRange.min} to ${manifestConcurrencyRange.max}` })
        .max(manifestConcurrencyRange.max, { error: `concurrency must be from ${manifestConcurrencyRange.min} to ${manifestConcurrencyRange.max}` })
        .optional()
        .describe('Clips generated at once, 1–16. Default 2.'),
    },
    { error: 'the manifest must be a JSON object with version, campaign and clips' },
  )
  .strict()
  .superRefine((manifest, context) => {
    const seen = new Map<string, number>();
    manifest.clips.forEach((clip, index) => {
      const first = seen.get(clip.id);
      if (first === undefined) seen.set(clip.id, index);
      else context.addIssue({ code: 'custom', path: ['clips', index, 'id'], message: `id "${clip.id}" is already used by clips[${first}]` });
    });
  }) satisfies z.ZodType<VideoManifest>;

// Compile-time: each schema accepts exactly the fields of the type it validates, and those
// types derive from GenerateVideoRequest — so a request field added to the core without its
// manifest rule (or a rule whose type drifted) stops the build here.
const manifestSchemasAreExact: [
  ExactFields<z.output<typeof defaultsSchema>, VideoManifestRequestFields>,
  ExactFields<z.output<typeof auditSchema>, NonNullable<VideoManifestRequestFields['audit']>>,
  ExactFields<z.output<typeof dialogueLineSchema>, VideoManifestDialogueLine>,
  ExactFields<z.output<typeof clipSchema>, VideoManifestClip>,
  ExactFields<z.output<typeof videoManifestSchema>, VideoManifest>,
] = [true, true, true, true, true];
void manifestSchemasAreExact;

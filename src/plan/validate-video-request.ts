import type * as Zod from 'zod';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import type { ExactFields } from '../internal/exact-fields.js';
import { formatIssuePath } from '../internal/format-issue-path.js';
import { isWellFormed } from '../internal/is-well-formed.js';
import { loadZod } from '../internal/load-zod.js';
import { checkPlainJson, maxMetadataBytes, maxMetadataDepth } from './check-plain-json.js';
import type { GenerateVideoRequest, ThumbnailRequest } from './generate-video-request.js';

/** Longest prompt accepted, in characters. */
export const maxPromptLength = 4096;

/** C0 controls, DEL and C1 controls. */
// eslint-disable-next-line no-control-regex
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex
const controlCharacterExceptTabAndNewline = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * Builds the request schema with `z`. Runs once, on the first validation, so importing the
 * package neither loads zod nor builds schemas (see {@link loadZod}).
 */
function buildRequestSchema(z: typeof Zod.z) {
  const httpsUrl = (field: string) =>
    z
      .string({ error: `${field} must be a string holding an https URL` })
      // The URL parser silently drops tabs and newlines; refuse them before it can.
      .refine((value) => !controlCharacter.test(value), { message: `${field} must not contain control characters`, abort: true })
      .refine((value) => value.length <= 4096, { message: `${field} must be at most 4096 characters`, abort: true })
      .refine(
        (value) => {
          try {
            return new URL(value).protocol === 'https:';
          } catch {
            return false;
          }
        },
        { message: `${field} must be an absolute https:// URL` },
      );

  /**
   * A non-empty string of at most `max` characters without control characters (NUL, ESC, DEL,
   * C1…) and without lone surrogates: Postgres refuses NUL, and terminals and logs interpret
   * the rest. Tab and newline (`\n`, and the `\r` of a CRLF) are allowed where a person writes
   * prose: in fields whose name ends in `prompt` (or with `multiline: true`).
   */
  const text = (field: string, max: number, options: { multiline?: boolean } = {}) => {
    const multiline = options.multiline ?? /prompt$/i.test(field);
    const forbidden = multiline ? controlCharacterExceptTabAndNewline : controlCharacter;
    return z
      .string({ error: `${field} must be a string` })
      .refine((value) => value.trim().length > 0, { message: `${field} must not be empty` })
      .refine((value) => value.length <= max, { message: `${field} must be at most ${max} characters` })
      .refine((value) => !forbidden.test(value), {
        message: multiline
          ? `${field} must not contain control characters (tab and newline are allowed, NUL, escape, DEL and the like are not)`
          : `${field} must not contain control characters (no NUL, tab, newline, escape or DEL)`,
      })
      .refine((value) => isWellFormed(value), { message: `${field} must be well-formed Unicode (it holds a lone surrogate)` });
  };

  /** An object that is not an array: what `metadata` and a thumbnail's options must be. */
  function isObjectRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  }

  /**
   * The caller's `metadata`: a plain object of JSON values, at most {@link maxMetadataBytes}
   * bytes serialised and {@link maxMetadataDepth} levels deep. Each problem names its path.
   */
  const metadataSchema = z
    .custom<Record<string, unknown>>(isObjectRecord, { error: 'metadata must be an object of JSON values' })
    .superRefine((value, context) => {
      const issues = checkPlainJson(value, { maxDepth: maxMetadataDepth, name: 'metadata' });
      for (const issue of issues) context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      if (issues.length > 0) return;
      const bytes = Buffer.byteLength(JSON.stringify(value), 'utf8');
      if (bytes > maxMetadataBytes) {
        context.addIssue({ code: 'custom', message: `metadata must be at most ${maxMetadataBytes} bytes as JSON, got ${bytes}` });
      }
    });

  const auditSchema = z
    .object(
      {
        clipId: text('audit.clipId', 256).optional(),
        pipelineRequestId: text('audit.pipelineRequestId', 256).optional(),
        refCode: text('audit.refCode', 256).optional(),
        actorId: text('audit.actorId', 256).optional(),
      },
      { error: 'audit must be an object with clipId, pipelineRequestId, refCode and actorId strings' },
    )
    .strict();

  const thumbnailObjectSchema = z
    .object({
      title: text('thumbnail.title', 200).optional(),
      subtitle: text('thumbnail.subtitle', 200).optional(),
      brandColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{3,8}$/, 'thumbnail.brandColor must be a hex colour such as #ff3366')
        .optional(),
      position: z.enum(['top', 'center', 'bottom'], { error: 'thumbnail.position must be top, center or bottom' }).optional(),
    })
    .strict();

  // Not a z.union: a union reports a bad nested field as "thumbnail", losing its path.
  const thumbnailSchema = z
    .custom<boolean | ThumbnailRequest>((value) => typeof value === 'boolean' || isObjectRecord(value), {
      error: 'thumbnail must be true, false or an object with title, subtitle, brandColor, position',
    })
    .superRefine((value, context) => {
      if (typeof value === 'boolean') return;
      const parsed = thumbnailObjectSchema.safeParse(value);
      if (parsed.success) return;
      for (const issue of parsed.error.issues) {
        if (issue.code === 'unrecognized_keys') {
          const key = String(issue.keys[0] ?? '');
          context.addIssue({ code: 'custom', path: [...issue.path, key], message: `unknown field "thumbnail.${key}"` });
        } else {
          context.addIssue({ code: 'custom', path: issue.path, message: issue.message });
        }
      }
    });

  const requestSchema = z
    .object(
      {
        prompt: text('prompt', maxPromptLength),
        qualityMode: text('qualityMode', 64).optional(),
        imageUrl: httpsUrl('imageUrl').optional(),
        firstFramePrompt: text('firstFramePrompt', maxPromptLength).optional(),
        sourceVideoUrl: httpsUrl('sourceVideoUrl').optional(),
        sourceVideoDurationSec: z
          .number({ error: 'sourceVideoDurationSec must be a number of seconds' })
          .positive({ error: 'sourceVideoDurationSec must be more than 0 seconds' })
          .max(3600, { error: 'sourceVideoDurationSec must be at most 3600 seconds' })
          .optional(),
        referenceImageUrls: z
          .array(httpsUrl('referenceImageUrls[]'), { error: 'referenceImageUrls must be an array of https URLs' })
          .min(1, { error: 'referenceImageUrls must hold at least one URL' })
          .max(64, { error: 'referenceImageUrls must hold at most 64 URLs' })
          .optional(),
        generateAudio: z.boolean({ error: 'generateAudio must be true or false' }).optional(),
        lastFrameUrl: httpsUrl('lastFrameUrl').optional(),
        operation: z.enum(['edit', 'extend'], { error: 'operation must be "edit" or "extend"' }).optional(),
        remaster: z.boolean({ error: 'remaster must be true or false' }).optional(),
        durationSec: z
          .number({ error: 'durationSec must be a number of seconds' })
          .int({ error: 'durationSec must be a whole number of seconds' })
          .optional(),
        aspectRatio: z
          .string({ error: 'aspectRatio must be a string such as 16:9' })
          .refine((value) => !controlCharacter.test(value) && value.length <= 16, { message: 'aspectRatio must be a short ratio such as 16:9, without control characters' })
          .optional(),
        thumbnail: thumbnailSchema.optional(),
        audit: auditSchema.optional(),
        idempotencyKey: text('idempotencyKey', 200).optional(),
        metadata: metadataSchema.optional(),
        user: text('user', 256).optional(),
      },
      { error: 'the request must be an object with at least a prompt' },
    )
    .strict()
    .superRefine((request, context) => {
      if (request.imageUrl !== undefined && request.firstFramePrompt !== undefined) {
        context.addIssue({
          code: 'custom',
          path: ['firstFramePrompt'],
          message: 'give either imageUrl or firstFramePrompt, not both',
        });
      }
      if (request.sourceVideoUrl !== undefined && (request.imageUrl !== undefined || request.firstFramePrompt !== undefined)) {
        context.addIssue({
          code: 'custom',
          path: [request.imageUrl !== undefined ? 'imageUrl' : 'firstFramePrompt'],
          message: `an edit or extension of sourceVideoUrl cannot also start from an image; remove ${request.imageUrl !== undefined ? 'imageUrl' : 'firstFramePrompt'}`,
        });
      }
      if (request.referenceImageUrls !== undefined) {
        const other = ['imageUrl', 'firstFramePrompt', 'sourceVideoUrl'].find((field) => request[field as keyof typeof request] !== undefined);
        if (other !== undefined) {
          context.addIssue({ code: 'custom', path: ['referenceImageUrls'], message: `referenceImageUrls cannot be combined with ${other}` });
        }
      }
      if (request.lastFrameUrl !== undefined && request.sourceVideoUrl !== undefined) {
        context.addIssue({ code: 'custom', path: ['lastFrameUrl'], message: 'lastFrameUrl cannot be combined with sourceVideoUrl' });
      }
      if (request.sourceVideoDurationSec !== undefined && request.sourceVideoUrl === undefined) {
        context.addIssue({ code: 'custom', path: ['sourceVideoDurationSec'], message: 'sourceVideoDurationSec needs sourceVideoUrl' });
      }
      if (request.operation !== undefined && request.sourceVideoUrl === undefined) {
        context.addIssue({ code: 'custom', path: ['operation'], message: 'operation needs sourceVideoUrl' });
      }
    }) satisfies Zod.z.ZodType<GenerateVideoRequest>;
  return requestSchema;
}

let requestSchema: ReturnType<typeof buildRequestSchema> | undefined;

// Compile-time: the schema accepts exactly the fields of GenerateVideoRequest, with the same
// types. A field added to one and not the other stops the build here.
const requestSchemaIsExact: ExactFields<Zod.z.output<ReturnType<typeof buildRequestSchema>>, GenerateVideoRequest> = true;
void requestSchemaIsExact;

/**
 * Checks the shape of a request (types, ranges that do not depend on presets or provider)
 * and returns it typed. Unknown fields are rejected, so a typo such as `duration` is caught.
 *
 * @throws InvalidRequestError with the dotted path of the first problem and every issue.
 */
export function validateVideoRequest(value: unknown): GenerateVideoRequest {
  requestSchema ??= buildRequestSchema(loadZod().z);
  const parsed = requestSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const field = formatIssuePath([...issue.path, issue.keys[0] ?? '']);
      return { field, message: `unknown field "${field}"` };
    }
    return { field: formatIssuePath(issue.path), message: issue.message };
  });
  const first = issues[0] ?? { field: '', message: 'invalid request' };
  throw new InvalidRequestError(`Invalid video request: ${first.message}`, { field: first.field, issues });
}

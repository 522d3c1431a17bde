import { z } from 'zod';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { formatIssuePath } from '../internal/format-issue-path.js';
import type { GenerateVideoRequest } from './generate-video-request.js';

/** Longest prompt accepted, in characters. */
export const maxPromptLength = 4096;

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

const text = (field: string, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .refine((value) => value.trim().length > 0, { message: `${field} must not be empty` })
    .refine((value) => value.length <= max, { message: `${field} must be at most ${max} characters` });

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

const thumbnailSchema = z.union(
  [
    z.boolean(),
    z
      .object({
        title: text('thumbnail.title', 200).optional(),
        subtitle: text('thumbnail.subtitle', 200).optional(),
        brandColor: z
          .string()
          .regex(/^#[0-9a-fA-F]{3,8}$/, 'thumbnail.brandColor must be a hex colour such as #ff3366')
          .optional(),
        position: z.enum(['top', 'center', 'bottom'], { error: 'thumbnail.position must be top, center or bottom' }).optional(),
      })
      .strict(),
  ],
  { error: 'thumbnail must be true, false or an object with title, subtitle, brandColor, position' },
);

const requestSchema = z
  .object(
    {
      prompt: text('prompt', maxPromptLength),
      qualityMode: z.string({ error: 'qualityMode must be a string' }).optional(),
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
      aspectRatio: z.string({ error: 'aspectRatio must be a string such as 16:9' }).optional(),
      thumbnail: thumbnailSchema.optional(),
      audit: auditSchema.optional(),
      idempotencyKey: text('idempotencyKey', 200).optional(),
      metadata: z.record(z.string(), z.unknown(), { error: 'metadata must be an object' }).optional(),
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
  });

/**
 * Checks the shape of a request (types, ranges that do not depend on presets or provider)
 * and returns it typed. Unknown fields are rejected, so a typo such as `duration` is caught.
 *
 * @throws InvalidRequestError with the dotted path of the first problem and every issue.
 */
export function validateVideoRequest(value: unknown): GenerateVideoRequest {
  const parsed = requestSchema.safeParse(value);
  if (parsed.success) return parsed.data as GenerateVideoRequest;
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

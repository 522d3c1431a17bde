import type * as Zod from 'zod';
import type { ExactFields } from '../internal/exact-fields.js';
import { loadZod } from '../internal/load-zod.js';
import type { PresetPricing, QualityModePreset, VideoPresets } from './video-presets.js';

/** The presets file as written: {@link VideoPresets} plus the editors' `$schema` hint. */
type VideoPresetsFile = VideoPresets & { $schema?: string };

/** Builds the presets schemas with `z`; runs once, on first use (see {@link loadZod}). */
function buildPresetsSchemas(z: typeof Zod.z) {
  const modeName = z
    .string()
    .regex(/^[a-z][a-z0-9_]*$/, 'a quality mode name is lower_snake_case')
    .describe('Name of a quality mode in qualityModes.');

  const pricingSchema = z
    .object({
      source: z.string().min(1).describe('Where the price was read: a public URL or a named document.'),
      asOf: z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'asOf is a date such as 2026-11-29').describe('When the price was read (YYYY-MM or YYYY-MM-DD).'),
      confirmed: z.boolean().optional().describe('false when the provider itself has not published the price (a third-party figure).'),
      note: z.string().optional().describe('Anything a reader of the price should know.'),
    })
    .strict() satisfies Zod.z.ZodType<PresetPricing>;

  const qualityModeSchema = z
    .object({
      description: z.string().optional().describe('What the mode is for, for people.'),
      model: z.string().min(1).describe('Provider model id.'),
      resolution: z.string().min(1).describe('Output resolution, e.g. 720p.'),
      usdPerSecond: z.number().nonnegative().describe('Price in USD per second of video.'),
      usdPerInputImage: z.number().nonnegative().optional().describe('Price in USD of each input image (starting, reference or last frame); absent: 0.'),
      usdPerInputVideoSecond: z.number().nonnegative().optional().describe('Price in USD per second of input video (edits, extensions); absent: 0.'),
      pricing: pricingSchema.optional().describe('Where the prices of this mode come from.'),
      requiresImage: z.boolean().describe('Whether the mode needs a starting image (imageUrl or firstFramePrompt).'),
      withImage: modeName.optional().describe('Mode used instead when the request has an image source.'),
      remaster: modeName.optional().describe('Mode used instead when the request sets remaster: true.'),
    })
    .strict() satisfies Zod.z.ZodType<QualityModePreset>;

  const videoPresetsSchema = z
    .object({
      $schema: z.string().optional(),
      version: z.literal(1).describe('Format version of this file.'),
      provider: z.string().min(1).describe('Id of the video provider the models belong to.'),
      defaultQualityMode: modeName.describe('Mode used when a request names none.'),
      defaultDurationSec: z.number().int().min(1).describe('Clip length used when a request names none, in seconds.'),
      defaultAspectRatio: z.string().min(1).describe('Aspect ratio used when a request names none.'),
      firstFrame: z
        .object({
          model: z.string().min(1).describe('Image model used to make first frames.'),
          usdPerImage: z.number().nonnegative().describe('Price of one first frame in USD.'),
          pricing: pricingSchema.optional().describe('Where the price comes from.'),
        })
        .strict()
        .describe('How first frames are made from firstFramePrompt.'),
      qualityModes: z.record(modeName, qualityModeSchema).describe('The quality modes, by name.'),
    })
    .strict()
    .superRefine((presets, context) => {
      const names = Object.keys(presets.qualityModes);
      const check = (target: string | undefined, path: (string | number)[]) => {
        if (target !== undefined && !names.includes(target)) {
          context.addIssue({ code: 'custom', path, message: `unknown quality mode "${target}"; defined: ${names.join(', ')}` });
        }
      };
      check(presets.defaultQualityMode, ['defaultQualityMode']);
      for (const [name, mode] of Object.entries(presets.qualityModes)) {
        check(mode.withImage, ['qualityModes', name, 'withImage']);
        check(mode.remaster, ['qualityModes', name, 'remaster']);
        if (mode.withImage !== undefined && presets.qualityModes[mode.withImage]?.requiresImage === false) {
          context.addIssue({
            code: 'custom',
            path: ['qualityModes', name, 'withImage'],
            message: `"${mode.withImage}" must be a mode with requiresImage: true`,
          });
        }
      }
    }) satisfies Zod.z.ZodType<VideoPresetsFile>;
  return { pricingSchema, qualityModeSchema, videoPresetsSchema };
}

type PresetsSchemas = ReturnType<typeof buildPresetsSchemas>;
let schemas: PresetsSchemas | undefined;

/** Zod schema of `presets/video-presets.json`, built on first use; internal, the JSON Schema file is generated from it. */
export function videoPresetsSchema(): PresetsSchemas['videoPresetsSchema'] {
  schemas ??= buildPresetsSchemas(loadZod().z);
  return schemas.videoPresetsSchema;
}

// Compile-time: each schema accepts exactly the fields of the interface it validates.
const presetsSchemasAreExact: [
  ExactFields<Zod.z.output<PresetsSchemas['pricingSchema']>, PresetPricing>,
  ExactFields<Zod.z.output<PresetsSchemas['qualityModeSchema']>, QualityModePreset>,
  ExactFields<Zod.z.output<PresetsSchemas['videoPresetsSchema']>['firstFrame'], VideoPresets['firstFrame']>,
  ExactFields<Zod.z.output<PresetsSchemas['videoPresetsSchema']>, VideoPresetsFile>,
] = [true, true, true, true];
void presetsSchemasAreExact;

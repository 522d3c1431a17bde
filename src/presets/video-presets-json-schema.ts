import { loadZod } from '../internal/load-zod.js';
import { videoPresetsSchema } from './video-presets-schema.js';

/**
 * The JSON Schema of `presets/video-presets.json`, derived from the zod schema that
 * validates it, so the two cannot disagree. `scripts/write-presets-schema.ts` writes it
 * to `presets/video-presets.schema.json`; a test checks the file is current.
 */
export function videoPresetsJsonSchema(): Record<string, unknown> {
  return {
    $id: 'https://unpkg.com/@ring/video-conductor/presets/video-presets.schema.json',
    title: 'Video presets of @ring/video-conductor',
    description: 'Quality modes of one video provider: model, resolution, price per second and image needs.',
    ...loadZod().z.toJSONSchema(videoPresetsSchema(), { target: 'draft-2020-12' }),
  };
}

// Writes presets/video-presets.schema.json from the zod schema (run: npm run presets:schema).
import { writeFileSync } from 'node:fs';
import { videoPresetsJsonSchema } from '../src/presets/video-presets-json-schema.js';

const target = new URL('../presets/video-presets.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(videoPresetsJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);

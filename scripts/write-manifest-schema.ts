// Writes adapters/cli/manifest/video-manifest.schema.json from the zod schema of manifest v2
// (run: npx tsx scripts/write-manifest-schema.ts). test/cli/manifest-schema.test.ts checks it is current.
import { writeFileSync } from 'node:fs';
import { videoManifestJsonSchema } from '../adapters/cli/manifest/video-manifest-json-schema.js';

const target = new URL('../adapters/cli/manifest/video-manifest.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(videoManifestJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);

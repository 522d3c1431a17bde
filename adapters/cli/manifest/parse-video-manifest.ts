import { InvalidRequestError } from '@ring/video-conductor';
import { formatJsonPath } from './format-json-path.js';
import type { VideoManifest } from './video-manifest.js';
import { videoManifestSchema } from './video-manifest-schema.js';

/**
 * Checks a manifest (the parsed JSON) and returns it typed. Unknown fields are rejected, so
 * a typo such as `duraton` is caught; clip ids must be unique.
 *
 * This checks the shape only. What depends on the provider and presets (the duration range,
 * quality modes, aspect ratios) is checked when the clips are planned, before any spend,
 * with the same kind of path.
 *
 * @throws InvalidRequestError whose `field` is the JSON path of the first problem
 * (`clips[2].durationSec`, `clips[0].dialogue[1].speaker`, `concurrency`…) and whose
 * `issues` list every problem.
 * @example
 * ```ts
 * import { parseVideoManifest } from '@ring/video-conductor/cli';
 *
 * try {
 *   parseVideoManifest({ version: 2, campaign: 'launch', clips: [{ id: 'a', prompt: 'x', durationSec: 2.5 }] });
 * } catch (error) {
 *   console.error(error.field); // 'clips[0].durationSec'
 * }
 * ```
 */
export function parseVideoManifest(value: unknown): VideoManifest {
  const parsed = videoManifestSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const key = issue.keys[0] ?? '';
      return { field: formatJsonPath([...issue.path, key]), message: `unknown field "${key}" (docs/manifest.md lists the fields)` };
    }
    const field = formatJsonPath(issue.path);
    return { field, message: issue.message };
  });
  const first = issues[0] ?? { field: '', message: 'invalid manifest' };
  throw new InvalidRequestError(`Invalid manifest: ${first.field === '' ? '' : `${first.field}: `}${first.message}`, {
    field: first.field,
    issues,
    code: 'INVALID_MANIFEST',
  });
}

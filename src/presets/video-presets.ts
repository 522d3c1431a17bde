import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { formatIssuePath } from '../internal/format-issue-path.js';
import bundledPresets from '../../presets/video-presets.json' with { type: 'json' };
import { videoPresetsSchema } from './video-presets-schema.js';

/** Where a price was read, so a reader can check it. */
export interface PresetPricing {
  /** A public URL or a named document. */
  source: string;
  /** When it was read, `YYYY-MM` or `YYYY-MM-DD`. */
  asOf: string;
  /** `false` when the provider itself has not published the price. `undefined`: published by the provider. */
  confirmed?: boolean;
  /** Anything a reader of the price should know. */
  note?: string;
}

/** One quality mode: which model, at which resolution and price. */
export interface QualityModePreset {
  /** What the mode is for, for people. */
  description?: string;
  /** Provider model id, e.g. `grok-imagine-video`. */
  model: string;
  /** Output resolution, e.g. `720p`. */
  resolution: string;
  /** Price in USD per second of video. */
  usdPerSecond: number;
  /** Price in USD of each input image (starting frame, reference image, last frame). `undefined`: 0. */
  usdPerInputImage?: number;
  /** Price in USD per second of input video (edits, extensions). `undefined`: 0. */
  usdPerInputVideoSecond?: number;
  /** Where the prices come from. `undefined`: not stated. */
  pricing?: PresetPricing;
  /** Whether the mode needs a starting image (`imageUrl` or `firstFramePrompt`). */
  requiresImage: boolean;
  /** Mode used instead when the request carries an image source; `undefined`: no upgrade. */
  withImage?: string;
  /** Mode used instead when the request sets `remaster: true`; `undefined`: no change. */
  remaster?: string;
}

/**
 * The quality modes of one video provider: the shape of `presets/video-presets.json`.
 * Pass your own to `resolveVideoPlan` or `createVideoConductor` to use another provider.
 */
export interface VideoPresets {
  /** Format version; `1`. */
  version: 1;
  /** Id of the video provider the models belong to, e.g. `xai`. */
  provider: string;
  /** Mode used when a request names none. */
  defaultQualityMode: string;
  /** Clip length used when a request names none, in seconds. */
  defaultDurationSec: number;
  /** Aspect ratio used when a request names none. */
  defaultAspectRatio: string;
  /** How first frames are made from `firstFramePrompt`. */
  firstFrame: { model: string; usdPerImage: number; pricing?: PresetPricing };
  /** The modes, by name. */
  qualityModes: Record<string, QualityModePreset>;
}

/**
 * Checks presets (e.g. read from your own JSON file) and returns them typed.
 *
 * @throws InvalidRequestError naming the JSON path of the first problem.
 * @example
 * ```ts
 * const presets = parseVideoPresets(JSON.parse(await readFile('my-presets.json', 'utf8')));
 * ```
 */
export function parseVideoPresets(value: unknown): VideoPresets {
  const parsed = videoPresetsSchema().safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ field: formatIssuePath(issue.path), message: issue.message }));
    const first = issues[0] ?? { field: '', message: 'invalid presets' };
    throw new InvalidRequestError(`Invalid video presets at "${first.field}": ${first.message}`, {
      field: first.field,
      issues,
      code: 'INVALID_PRESETS',
    });
  }
  const { $schema: _schema, ...presets } = parsed.data;
  return presets;
}

let defaultPresets: VideoPresets | undefined;

/**
 * The bundled presets (`presets/video-presets.json`: xAI draft, draft_i2v, production,
 * production_i2v), validated on first use and frozen.
 */
export function getDefaultVideoPresets(): VideoPresets {
  defaultPresets ??= deepFreeze(parseVideoPresets(bundledPresets));
  return defaultPresets;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

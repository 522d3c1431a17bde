import type { GenerateVideoRequest, VideoAudit } from '@ring/video-conductor';

/**
 * Request fields a manifest sets in `defaults` or on a clip: everything a
 * `GenerateVideoRequest` has except `prompt` (each clip has its own) and `idempotencyKey`
 * (the runner derives it). Audit fields exclude `clipId`, which is the clip's id.
 * Derived from `GenerateVideoRequest`, so a new request field reaches manifests (the
 * manifest schema fails to compile until it accepts it).
 */
export interface VideoManifestRequestFields extends Omit<GenerateVideoRequest, 'prompt' | 'idempotencyKey' | 'audit'> {
  /** Who asked and why; merged over `defaults.audit`. `clipId` is always the clip's id. */
  audit?: Omit<VideoAudit, 'clipId'>;
}

/** One spoken line, composed into the prompt's `DIALOGUE:` block. */
export interface VideoManifestDialogueLine {
  /** Who speaks, e.g. `ANNA`. */
  speaker: string;
  /** What they say. */
  line: string;
}

/** One clip of a campaign. */
export interface VideoManifestClip extends VideoManifestRequestFields, Pick<GenerateVideoRequest, 'prompt'> {
  /** Unique within the manifest: part of the idempotency key, and stored as `audit.clipId`. */
  id: string;
  /** Appended to the prompt as a `DIALOGUE:` block — guidance the model may or may not follow. */
  dialogue?: VideoManifestDialogueLine[];
}

/**
 * A campaign manifest, version 2: many clips generated with shared defaults, resumable by
 * rerunning it. See `docs/manifest.md` and `video-manifest.schema.json`.
 *
 * @example
 * ```json
 * {
 *   "version": 2,
 *   "campaign": "spring-launch",
 *   "defaults": { "qualityMode": "draft", "durationSec": 6, "aspectRatio": "9:16" },
 *   "concurrency": 2,
 *   "clips": [
 *     { "id": "intro", "prompt": "A drone shot over Kyiv at dawn" },
 *     { "id": "talk", "prompt": "Two friends on a bench", "dialogue": [{ "speaker": "ANNA", "line": "Spring is here." }] }
 *   ]
 * }
 * ```
 */
export interface VideoManifest {
  /** Editors' schema hint; ignored. */
  $schema?: string;
  version: 2;
  /** Campaign id: part of every idempotency key, and the default `audit.pipelineRequestId`. */
  campaign: string;
  description?: string;
  /** Request fields every clip inherits; a clip's own fields win, `audit` and `metadata` are merged. */
  defaults?: VideoManifestRequestFields;
  clips: VideoManifestClip[];
  /** Clips generated at once, 1–16. @default 2 */
  concurrency?: number;
}

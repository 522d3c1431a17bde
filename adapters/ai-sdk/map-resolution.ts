import type { AiSdkResolution } from './from-ai-sdk-video-model-options.js';

/**
 * The default resolution mapping: `WxH` passes through; `Np` (and `4k`) becomes the 16:9
 * frame of that height, its width rounded to an even number — `360p` → `640x360`, `480p` →
 * `854x480`, `720p` → `1280x720`, `1080p` → `1920x1080`, `2160p`/`4k` → `3840x2160`. AI SDK
 * providers (xAI, Google) map those sizes back to their tiers and read the orientation from
 * `aspectRatio`. Anything else → `undefined`.
 *
 * @example
 * ```ts
 * toAiSdkResolution('720p'); // '1280x720'
 * ```
 */
export function toAiSdkResolution(resolution: string): AiSdkResolution | undefined {
  const value = resolution.trim().toLowerCase();
  if (/^\d+x\d+$/.test(value)) return value as AiSdkResolution;
  const height = value === '4k' ? 2160 : /^(\d+)p$/.exec(value)?.[1];
  if (height === undefined) return undefined;
  const pixels = Number(height);
  if (!Number.isSafeInteger(pixels) || pixels <= 0) return undefined;
  const width = 2 * Math.round((pixels * 16) / 9 / 2);
  return `${width}x${pixels}`;
}

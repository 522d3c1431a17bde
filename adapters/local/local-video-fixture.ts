import { firstFramePngBase64, landscapeMp4Base64, portraitMp4Base64, squareMp4Base64 } from './local-video-fixtures.js';

/** Names of the real MP4 files the local provider serves. */
export type LocalVideoFixtureName = 'landscape' | 'portrait' | 'square';

/** One real, playable MP4 shipped with `/testing` (H.264 testsrc, 1 s, a few KB). */
export interface LocalVideoFixture {
  name: LocalVideoFixtureName;
  /** The fixture's own aspect ratio. */
  aspectRatio: '16:9' | '9:16' | '1:1';
  /** Frame width in pixels. */
  width: number;
  /** Frame height in pixels. */
  height: number;
  /** Length of the clip in seconds. */
  durationSec: number;
  /** Returns a fresh copy of the file's bytes (the caller may modify it). */
  bytes(): Uint8Array;
}

/**
 * Decodes base64 with `atob`, available in every runtime (Node, browsers, edge), so the
 * `/testing` subpath does not depend on `Buffer`.
 */
function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

/** Decodes once, then hands out copies. */
function memoized(base64: string): () => Uint8Array {
  let decoded: Uint8Array | undefined;
  return () => {
    decoded ??= decodeBase64(base64);
    return decoded.slice();
  };
}

/**
 * The three MP4 files the local provider serves: 16:9 (128×72), 9:16 (72×128) and 1:1
 * (64×64), each a one-second H.264 test pattern of about 2–3 KB with a real `ftyp` box and a
 * `moov` index, so players, `ffprobe` and the conductor's MP4 check all accept them.
 *
 * @example
 * ```ts
 * import { localVideoFixtures } from '@ring/video-conductor/local';
 *
 * const bytes = localVideoFixtures.portrait.bytes();
 * new TextDecoder().decode(bytes.subarray(4, 8)); // 'ftyp'
 * ```
 */
export const localVideoFixtures: Readonly<Record<LocalVideoFixtureName, LocalVideoFixture>> = {
  landscape: { name: 'landscape', aspectRatio: '16:9', width: 128, height: 72, durationSec: 1, bytes: memoized(landscapeMp4Base64) },
  portrait: { name: 'portrait', aspectRatio: '9:16', width: 72, height: 128, durationSec: 1, bytes: memoized(portraitMp4Base64) },
  square: { name: 'square', aspectRatio: '1:1', width: 64, height: 64, durationSec: 1, bytes: memoized(squareMp4Base64) },
};

/**
 * The fixture closest to an aspect ratio: taller-than-wide ratios (`9:16`, `3:4`, `2:3`) get
 * the portrait file, `1:1` the square one, everything else (and `undefined`) the landscape one.
 *
 * @example
 * ```ts
 * localVideoFixtureFor('3:4').name; // 'portrait'
 * ```
 */
export function localVideoFixtureFor(aspectRatio: string | undefined): LocalVideoFixture {
  const match = /^(\d+):(\d+)$/.exec(aspectRatio ?? '');
  if (match === null) return localVideoFixtures.landscape;
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (width === height) return localVideoFixtures.square;
  return width < height ? localVideoFixtures.portrait : localVideoFixtures.landscape;
}

/**
 * The first frame the local image provider returns: a 64×36 PNG test pattern.
 *
 * @example
 * ```ts
 * const png = localFirstFramePng();
 * png[1] === 0x50; // 'P' of the PNG signature
 * ```
 */
export const localFirstFramePng: () => Uint8Array = memoized(firstFramePngBase64);

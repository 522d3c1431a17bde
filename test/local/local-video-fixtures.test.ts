import { readFileSync } from 'node:fs';
import { localFirstFramePng, localVideoFixtureFor, localVideoFixtures } from '@ring/video-conductor/local';
import { describe, expect, it } from 'vitest';
import * as embedded from '../../adapters/local/local-video-fixtures.js';

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../../adapters/local/fixtures/${name}`, import.meta.url)));
const decode = (base64: string) => new Uint8Array(Buffer.from(base64, 'base64'));
const ascii = (bytes: Uint8Array, start: number, end: number) => new TextDecoder().decode(bytes.subarray(start, end));

/** The top-level ISO-BMFF boxes of an MP4: type and size, in order. */
function topLevelBoxes(bytes: Uint8Array): { type: string; size: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxes: { type: string; size: number }[] = [];
  for (let offset = 0; offset < bytes.byteLength; ) {
    const size = view.getUint32(offset);
    boxes.push({ type: ascii(bytes, offset + 4, offset + 8), size });
    if (size < 8) break;
    offset += size;
  }
  return boxes;
}

describe('local video fixtures (shipped as base64 in local-video-fixtures.ts)', () => {
  it.each([
    ['landscapeMp4Base64', 'landscape-16x9.mp4'],
    ['portraitMp4Base64', 'portrait-9x16.mp4'],
    ['squareMp4Base64', 'square-1x1.mp4'],
    ['firstFramePngBase64', 'first-frame-16x9.png'],
  ] as const)('%s decodes to fixtures/%s byte for byte (regenerate: npx tsx scripts/write-local-video-fixtures.ts)', (constant, file) => {
    const bytes = decode(embedded[constant]);
    expect(bytes.byteLength).toBeGreaterThan(200);
    expect(Buffer.from(bytes).equals(Buffer.from(fixture(file)))).toBe(true);
  });

  it.each(Object.values(localVideoFixtures))('$name is a real MP4: ftyp first, then a moov index and the H.264 data, a few KB', (video) => {
    const bytes = video.bytes();
    expect(ascii(bytes, 4, 8)).toBe('ftyp');
    const boxes = topLevelBoxes(bytes);
    expect(boxes.map((box) => box.type).filter((type) => type !== 'free')).toEqual(['ftyp', 'moov', 'mdat']); // moov first: +faststart
    expect(boxes.reduce((sum, box) => sum + box.size, 0)).toBe(bytes.byteLength);
    expect(bytes.byteLength).toBeLessThan(8 * 1024);
    // The avc1 sample entry (H.264) and the declared frame size live in the moov box.
    expect(Buffer.from(bytes).includes(Buffer.from('avc1'))).toBe(true);
    const tkhd = Buffer.from(bytes).indexOf(Buffer.from('tkhd'));
    const view = new DataView(bytes.buffer, bytes.byteOffset);
    // tkhd (version 0): width and height are 16.16 fixed point at the end of the 84-byte box body.
    expect(view.getUint32(tkhd + 4 + 76) >>> 16).toBe(video.width);
    expect(view.getUint32(tkhd + 4 + 80) >>> 16).toBe(video.height);
  });

  it('bytes() hands out copies, so a caller cannot damage the fixture', () => {
    const first = localVideoFixtures.square.bytes();
    first.fill(0);
    expect(ascii(localVideoFixtures.square.bytes(), 4, 8)).toBe('ftyp');
  });

  it('the first frame is a PNG', () => {
    expect(Array.from(localFirstFramePng().subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it.each([
    ['16:9', 'landscape'],
    ['4:3', 'landscape'],
    ['3:2', 'landscape'],
    ['9:16', 'portrait'],
    ['3:4', 'portrait'],
    ['2:3', 'portrait'],
    ['1:1', 'square'],
    [undefined, 'landscape'],
  ] as const)('aspect ratio %s is served by the %s file', (ratio, name) => {
    expect(localVideoFixtureFor(ratio).name).toBe(name);
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestMp4 } from '@ring/video-conductor/testing';

const ascii = (bytes: Uint8Array, start: number, end: number) => new TextDecoder('latin1').decode(bytes.subarray(start, end));

describe('createTestMp4', () => {
  it('starts with an ISO-BMFF ftyp box followed by an mdat box that fills the size', () => {
    const bytes = createTestMp4(1000);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(bytes.byteLength).toBe(1000);
    expect(view.getUint32(0)).toBe(32);
    expect(ascii(bytes, 4, 8)).toBe('ftyp');
    expect(ascii(bytes, 8, 12)).toBe('isom');
    expect(ascii(bytes, 16, 32)).toBe('isomiso2avc1mp41');
    expect(view.getUint32(32)).toBe(968);
    expect(ascii(bytes, 36, 40)).toBe('mdat');
  });

  it('is 4096 bytes by default and deterministic, with a payload that is not constant', () => {
    const first = createTestMp4();
    expect(first.byteLength).toBe(4096);
    const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(hash(createTestMp4())).toBe(hash(first));
    expect(new Set(first.subarray(40)).size).toBeGreaterThan(200);
    expect(createTestMp4(5000).subarray(40, 4096)).toEqual(first.subarray(40));
  });

  it('refuses sizes that cannot hold the two box headers', () => {
    expect(createTestMp4(40).byteLength).toBe(40);
    for (const size of [39, 0, -1, 1.5, Number.NaN]) expect(() => createTestMp4(size)).toThrow(RangeError);
  });
});

/** Size of the `ftyp` box {@link createTestMp4} writes, in bytes. */
const ftypSize = 32;
/** Size of a box header (32-bit size + 4-character type), in bytes. */
const boxHeaderSize = 8;

/**
 * Bytes shaped like an MP4 file: a real ISO-BMFF `ftyp` box (major brand `isom`,
 * compatible brands `isom iso2 avc1 mp41`) followed by one `mdat` box whose payload is
 * deterministic pseudo-random noise up to `sizeBytes`.
 *
 * Enough for signature sniffing, size and checksum checks; not playable (there is no
 * `moov` box). The same size always gives the same bytes, so hashes can be asserted.
 *
 * @param sizeBytes Total length in bytes, a whole number ≥ 40 (the two box headers).
 * @default 4096
 * @throws RangeError when `sizeBytes` is not a whole number ≥ 40.
 * @example
 * ```ts
 * const video = createTestMp4(1024 * 1024);
 * new TextDecoder().decode(video.subarray(4, 8)); // 'ftyp'
 * ```
 */
export function createTestMp4(sizeBytes = 4096): Uint8Array {
  const minimum = ftypSize + boxHeaderSize;
  if (!Number.isInteger(sizeBytes) || sizeBytes < minimum || sizeBytes > 0xffff_ffff) {
    throw new RangeError(`createTestMp4: sizeBytes must be a whole number from ${minimum} to 4294967295, got ${sizeBytes}`);
  }
  const bytes = new Uint8Array(sizeBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let index = 0; index < text.length; index += 1) bytes[offset + index] = text.charCodeAt(index);
  };

  view.setUint32(0, ftypSize);
  ascii(4, 'ftyp');
  ascii(8, 'isom'); // major brand
  view.setUint32(12, 0x200); // minor version, as ffmpeg writes it
  ascii(16, 'isomiso2avc1mp41'); // compatible brands

  view.setUint32(ftypSize, sizeBytes - ftypSize);
  ascii(ftypSize + 4, 'mdat');

  // xorshift32 with a fixed seed: cheap, deterministic, and incompressible enough that a
  // truncated or reordered copy never hashes the same.
  let state = 0x9e37_79b9;
  for (let offset = minimum; offset < sizeBytes; offset += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[offset] = state & 0xff;
  }
  return bytes;
}

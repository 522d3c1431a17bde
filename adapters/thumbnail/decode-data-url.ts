/**
 * Decodes a `data:` URL (RFC 2397) to its bytes: `;base64` payloads as base64 (standard or
 * URL-safe alphabet), others byte-wise from their percent-encoding.
 *
 * @throws TypeError when `url` is not a `data:` URL with a comma.
 * @example
 * ```ts
 * decodeDataUrl('data:text/plain,a%20b'); // Uint8Array [0x61, 0x20, 0x62]
 * ```
 */
export function decodeDataUrl(url: string): { mediaType: string; data: Uint8Array } {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma === -1) throw new TypeError('not a data: URL');
  const header = url.slice('data:'.length, comma);
  const payload = url.slice(comma + 1);
  const parameters = header.split(';');
  const base64 = parameters.at(-1)?.toLowerCase() === 'base64';
  const mediaType = parameters[0]?.trim() || 'text/plain';
  if (base64) return { mediaType, data: new Uint8Array(Buffer.from(decodeURIComponent(payload), 'base64')) };
  return { mediaType, data: percentDecodeBytes(payload) };
}

function percentDecodeBytes(text: string): Uint8Array {
  const encoder = new TextEncoder();
  const bytes: number[] = [];
  for (const part of text.split(/(%[0-9a-fA-F]{2})/)) {
    if (/^%[0-9a-fA-F]{2}$/.test(part)) bytes.push(Number.parseInt(part.slice(1), 16));
    else bytes.push(...encoder.encode(part));
  }
  return new Uint8Array(bytes);
}

/**
 * Splits a `data:` URL into its media type and bytes (base64 or percent-encoded payload).
 * `undefined` when `url` is not a well-formed `data:` URL.
 */
export function parseDataUrl(url: string): { mediaType: string | undefined; data: Uint8Array } | undefined {
  const match = /^data:([^,]*?)(;base64)?,(.*)$/is.exec(url);
  if (match === null) return undefined;
  const mediaType = match[1]?.split(';')[0]?.trim() || undefined;
  const payload = match[3] ?? '';
  try {
    const bytes = match[2] === undefined ? Buffer.from(decodeURIComponent(payload), 'utf8') : Buffer.from(decodeURIComponent(payload), 'base64');
    return { mediaType, data: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  } catch {
    return undefined;
  }
}

/**
 * A URL as it may appear in an error message: origin and path only. Query strings (signed
 * URLs carry credentials there) and the payload of `data:` URLs are left out.
 */
export function describeUrl(url: string): string {
  if (url.startsWith('data:')) return 'a data: URL';
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'file:' ? `file://${parsed.pathname}` : `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'an unparsable URL';
  }
}

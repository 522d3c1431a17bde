/**
 * Where a page of `list` ended: the sort key of its last row. Rows come newest first by
 * `created_at`, then by `id`, so the pair is unique and the next page starts strictly
 * after it (keyset pagination: stable while rows are inserted, no `OFFSET` scans).
 */
export interface ListCursor {
  /** ISO 8601 creation time of the last row of the previous page (milliseconds, as stored). */
  createdAt: string;
  /** Id (UUID) of the last row of the previous page. */
  id: string;
}

/** A UUID in its text form, any case. */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Encodes a cursor as base64url JSON, opaque to callers. */
export function encodeListCursor(cursor: ListCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ createdAt: cursor.createdAt, id: cursor.id }));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  // btoa rather than Buffer: the adapter also runs where Node's Buffer is missing (edge runtimes with Neon).
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes a cursor made by {@link encodeListCursor}.
 *
 * @returns The cursor, or `undefined` when `value` is not one (not base64url, not JSON, wrong
 * shape, an unparseable time or an id that is not a UUID).
 */
export function decodeListCursor(value: string): ListCursor | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { createdAt, id } = parsed as Record<string, unknown>;
    if (typeof createdAt !== 'string' || typeof id !== 'string' || !uuidPattern.test(id)) return undefined;
    const time = Date.parse(createdAt);
    if (Number.isNaN(time)) return undefined;
    return { createdAt: new Date(time).toISOString(), id };
  } catch {
    return undefined;
  }
}

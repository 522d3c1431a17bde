/**
 * Where a page of `Ledger.list` ended: the sort key of its last row. Rows are
 * ordered newest first by `createdAt`, then by `id`, so this pair is unique and the next
 * page starts strictly after it (keyset pagination: stable while rows are inserted).
 */
export interface ListCursor {
  /** ISO 8601 creation time of the last row of the previous page. */
  createdAt: string;
  /** Id of the last row of the previous page (breaks ties between equal `createdAt`). */
  id: string;
}

/** Encodes a cursor as base64url JSON, opaque to callers. */
export function encodeListCursor(cursor: ListCursor): string {
  const bytes = new TextEncoder().encode(JSON.stringify({ createdAt: cursor.createdAt, id: cursor.id }));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  // btoa/atob rather than Buffer: the core runs on any platform with web APIs.
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Decodes a cursor made by {@link encodeListCursor}.
 *
 * @returns the cursor, or `undefined` when `value` is not one (malformed base64url, not
 * JSON, wrong shape or an unparseable time); the caller turns that into its own error.
 */
export function decodeListCursor(value: string): ListCursor | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  try {
    const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (character) => character.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const { createdAt, id } = parsed as Record<string, unknown>;
    if (typeof createdAt !== 'string' || typeof id !== 'string' || id === '') return undefined;
    if (Number.isNaN(Date.parse(createdAt))) return undefined;
    return { createdAt, id };
  } catch {
    return undefined;
  }
}

import { decodeListCursor as decodeCoreListCursor, type ListCursor } from '@ring/video-conductor/provider-kit';

export { encodeListCursor } from '@ring/video-conductor/provider-kit';

/** A UUID in its text form, any case. */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Decodes a cursor made by `encodeListCursor`, with this table's rules on top of core's:
 * the id must be a UUID (the column type), and the time is normalised to the millisecond
 * ISO form the table stores.
 *
 * @returns The cursor, or `undefined` when `value` is not one.
 */
export function decodeTableListCursor(value: string): ListCursor | undefined {
  const cursor = typeof value === 'string' ? decodeCoreListCursor(value) : undefined;
  if (cursor === undefined || !uuidPattern.test(cursor.id)) return undefined;
  return { createdAt: new Date(Date.parse(cursor.createdAt)).toISOString(), id: cursor.id };
}

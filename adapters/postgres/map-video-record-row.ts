import type { VideoRecord } from '@ring/video-conductor';
import { videoRecordColumns, type ColumnKind } from './video-record-columns.js';

/**
 * Turns a row of the ledger table, as any supported driver returns it, into a
 * {@link VideoRecord}: snake_case columns to camelCase fields, `numeric`/`bigint` (strings in
 * `pg`, numbers or bigints elsewhere) to JS numbers, timestamps (a `Date` or text) to ISO
 * strings, `jsonb` (parsed or text) to values, SQL `NULL` to `null`. Extra columns are ignored.
 */
export function mapVideoRecordRow(row: Record<string, unknown>): VideoRecord {
  const record: Record<string, unknown> = {};
  for (const { field, column, kind } of videoRecordColumns) record[field] = decodeColumnValue(kind, row[column]);
  record.audit ??= {};
  record.metadata ??= {};
  return record as unknown as VideoRecord;
}

function decodeColumnValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'uuid':
    case 'text':
      return String(value);
    case 'numeric':
    case 'bigint':
      return typeof value === 'number' ? value : Number(value);
    case 'json':
      return typeof value === 'string' ? JSON.parse(value) : value;
    case 'timestamp':
      return toIsoTimestamp(value);
  }
}

/**
 * A timestamp as an ISO 8601 string in UTC with milliseconds. Accepts a `Date` (pg, PGlite,
 * postgres.js) or Postgres' text output (`2026-01-02 03:04:05.678+00`, as drivers with type
 * parsing turned off return it).
 */
export function toIsoTimestamp(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  const text = String(value);
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(text.trim());
  if (match !== null) {
    const [, date, time, fraction = '', zone = 'Z'] = match;
    const milliseconds = fraction.padEnd(3, '0').slice(0, 3);
    const offset = zone === 'Z' ? 'Z' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
    const parsed = new Date(`${date}T${time}.${milliseconds}${offset}`);
    if (!Number.isNaN(parsed.getTime())) return parsed.toISOString();
  }
  const parsed = new Date(text);
  if (Number.isNaN(parsed.getTime())) throw new TypeError('The database returned a timestamp that is not a date');
  return parsed.toISOString();
}

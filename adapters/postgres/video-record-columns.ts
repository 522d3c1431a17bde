import type { VideoRecord } from '@ring/video-conductor';

/**
 * How a field is stored:
 * - `uuid`, `text`: as is;
 * - `numeric`, `bigint`: JS numbers (drivers return them as strings; read back with `Number`);
 * - `json`: `jsonb`, sent as JSON text and cast (`$n::text::jsonb`), so no driver guesses
 *   whether a string is JSON or a value to encode;
 * - `timestamp`: `timestamptz(3)`, ISO 8601 strings in and out.
 */
export type ColumnKind = 'uuid' | 'text' | 'numeric' | 'bigint' | 'json' | 'timestamp';

/** One column of the ledger table and the {@link VideoRecord} field it holds. */
export interface VideoRecordColumn {
  /** camelCase field of {@link VideoRecord}. */
  readonly field: keyof VideoRecord;
  /** snake_case column of the table. */
  readonly column: string;
  readonly kind: ColumnKind;
}

/** Every column of `generated_videos`, in table order (see `migrations/0001_generated_videos.sql` and `0002_conductor_notes.sql`). */
export const videoRecordColumns: readonly VideoRecordColumn[] = [
  { field: 'id', column: 'id', kind: 'uuid' },
  { field: 'createdAt', column: 'created_at', kind: 'timestamp' },
  { field: 'updatedAt', column: 'updated_at', kind: 'timestamp' },
  { field: 'status', column: 'status', kind: 'text' },
  { field: 'provider', column: 'provider', kind: 'text' },
  { field: 'model', column: 'model', kind: 'text' },
  { field: 'qualityMode', column: 'quality_mode', kind: 'text' },
  { field: 'resolution', column: 'resolution', kind: 'text' },
  { field: 'durationSec', column: 'duration_sec', kind: 'numeric' },
  { field: 'aspectRatio', column: 'aspect_ratio', kind: 'text' },
  { field: 'operation', column: 'operation', kind: 'text' },
  { field: 'prompt', column: 'prompt', kind: 'text' },
  { field: 'imageUrl', column: 'image_url', kind: 'text' },
  { field: 'sourceVideoUrl', column: 'source_video_url', kind: 'text' },
  { field: 'requestId', column: 'request_id', kind: 'text' },
  { field: 'idempotencyKey', column: 'idempotency_key', kind: 'text' },
  { field: 'estimatedCostUsd', column: 'estimated_cost_usd', kind: 'numeric' },
  { field: 'actualCostUsd', column: 'actual_cost_usd', kind: 'numeric' },
  { field: 'storageKey', column: 'storage_key', kind: 'text' },
  { field: 'url', column: 'url', kind: 'text' },
  { field: 'temporaryUrl', column: 'temporary_url', kind: 'text' },
  { field: 'sha256', column: 'sha256', kind: 'text' },
  { field: 'sizeBytes', column: 'size_bytes', kind: 'bigint' },
  { field: 'outputDurationSec', column: 'output_duration_sec', kind: 'numeric' },
  { field: 'firstFrame', column: 'first_frame', kind: 'json' },
  { field: 'thumbnail', column: 'thumbnail', kind: 'json' },
  { field: 'error', column: 'error', kind: 'json' },
  { field: 'audit', column: 'audit', kind: 'json' },
  { field: 'metadata', column: 'metadata', kind: 'json' },
  { field: 'leaseOwner', column: 'lease_owner', kind: 'text' },
  { field: 'leaseExpiresAt', column: 'lease_expires_at', kind: 'timestamp' },
  // migrations/0002_conductor_notes.sql
  { field: 'conductor', column: 'conductor_notes', kind: 'json' },
];

/** Fields `insert` never takes from the caller: the database sets them. */
const databaseOwnedFields: ReadonlySet<keyof VideoRecord> = new Set(['createdAt', 'updatedAt', 'leaseOwner', 'leaseExpiresAt']);

/** Fields an update may never change, even when a caller sneaks them past the type. */
const immutableFields: ReadonlySet<keyof VideoRecord> = new Set(['id', 'createdAt', 'updatedAt', 'provider', 'operation', 'idempotencyKey']);

/** The columns `insert` writes from the record. */
export const insertableColumns: readonly VideoRecordColumn[] = videoRecordColumns.filter((column) => !databaseOwnedFields.has(column.field));

/** The columns `update` may change, by field name. */
export const updatableColumns: ReadonlyMap<string, VideoRecordColumn> = new Map(
  videoRecordColumns.filter((column) => !immutableFields.has(column.field)).map((column) => [column.field, column]),
);

/** Fields whose column is `NOT NULL DEFAULT '{}'`: `null`/`undefined` is stored as `{}`. */
const emptyObjectFields: ReadonlySet<keyof VideoRecord> = new Set(['audit', 'metadata']);

/** The cast a parameter of this kind gets, so every driver sends it the same way. */
export function castOf(kind: ColumnKind): string {
  switch (kind) {
    case 'uuid':
      return '::uuid';
    case 'text':
      return '::text';
    case 'numeric':
      return '::numeric';
    case 'bigint':
      return '::bigint';
    case 'json':
      return '::text::jsonb';
    case 'timestamp':
      return '::timestamptz';
  }
}

/**
 * The parameter value for a field: `null` for `undefined`, JSON text for `json` columns.
 *
 * @throws TypeError from `JSON.stringify` when a JSON field is not serialisable (a
 * `bigint`, a cycle); the caller wraps it.
 */
export function encodeColumnValue(column: VideoRecordColumn, value: unknown): unknown {
  if (column.kind === 'json') {
    if (value === undefined || value === null) return emptyObjectFields.has(column.field) ? '{}' : null;
    return JSON.stringify(value);
  }
  if (value === undefined || value === null) return null;
  if (column.kind === 'timestamp' && value instanceof Date) return value.toISOString();
  return value;
}

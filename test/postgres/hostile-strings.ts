import { randomUUID } from 'node:crypto';
import type { Ledger, NewVideoRecord } from '@ring/video-conductor';
import { sampleVideoRecord } from '@ring/video-conductor/contract';
import type { SqlClient } from '@ring/video-conductor/postgres';
import { expect, it } from 'vitest';

/** About 100 KB of mixed text: SQL, quotes, backslashes, placeholders and astral emoji. */
const largeText = `'; DROP TABLE generated_videos; -- \\ $1 "q" 🎬 ünï ${'x'.repeat(7)}\n`.repeat(1700);

/**
 * Strings that break adapters which build SQL or JSON by hand. No NUL (`\u0000`): Postgres
 * text and jsonb cannot hold it, and no lone surrogate: UTF-8 cannot encode one.
 */
export const hostileStrings: readonly string[] = [
  `it's a "quoted" 'string'`,
  `'; DROP TABLE generated_videos; --`,
  `"; DROP TABLE "generated_videos"; --`,
  String.raw`back\slash \\ double \' escaped-quote \" \n not-a-newline \u0041 E'\x41'`,
  '$1 $2 $$ dollar $tag$ quoted $tag$ $1::text ? ?? :name',
  'emoji 🎬🌅👩🏽‍💻🇺🇦 中文 русский עברית العربية ﷺ',
  'controls \t tab \n newline \r return \u0001 \u001f \u007f \u0085',
  'invisible \u200b\u200d\u2028\u2029 BOM \ufeff RTL \u202e override',
  '{{schema}}.{{table}} {{table:pkey}} placeholders',
  '{"looks":"like json"}',
  'null',
  '',
  '   ',
  '%s %d %% \u001b[31m ansi',
  'a'.repeat(2000),
];

/** A 100 KB hostile string, for the columns without an index (indexes cap entries at about 2.7 KB). */
export const largeHostileString: string = largeText;

/** A record with `value` in every text field and inside every JSON field (keys included). */
export function hostileRecord(value: string, large = false): NewVideoRecord {
  const big = large ? largeHostileString + value : value;
  const unique = randomUUID();
  return sampleVideoRecord({
    provider: `${value}|${unique}`,
    model: value,
    qualityMode: value,
    resolution: value,
    aspectRatio: value,
    prompt: big,
    imageUrl: big,
    sourceVideoUrl: big,
    requestId: value,
    idempotencyKey: `${value}|${unique}`,
    storageKey: big,
    url: big,
    temporaryUrl: big,
    sha256: value,
    firstFrame: { source: 'generated', url: big, prompt: big, provider: value, model: value, storageKey: value, contentType: value },
    thumbnail: { storageKey: value, url: big, contentType: value },
    error: { code: value, message: big, step: value },
    audit: { clipId: value, pipelineRequestId: value, refCode: value, actorId: value },
    metadata: { [value]: big, nested: { [`${value}-key`]: [value, big, { deep: value }] }, list: [value] },
    conductor: { requestedQualityMode: value, warnings: [{ type: 'other', message: big }] },
  });
}

/** What the hostile-string cases need from the test file that registers them. */
export interface HostileStringContext {
  /** A ledger on a table no other case claims from. */
  ledger: Ledger;
  /** The same database, to read what was stored with plain SQL. */
  db: SqlClient;
  /** The quoted, qualified table name, for those direct queries. */
  qualifiedTable: string;
}

/**
 * Registers the hostile-string cases inside the caller's `describe`: every text and JSONB
 * field stores such strings and reads them back exactly — through the ledger and by direct
 * query — and lookups and filters by them find the row.
 */
export function registerHostileStringCases(context: () => HostileStringContext): void {
  it('stores and reads back hostile strings in every text and JSONB field, exactly', async () => {
    const { ledger, db, qualifiedTable } = context();
    for (const value of hostileStrings) {
      const record = hostileRecord(value);
      const inserted = await ledger.insert(record);
      const expected = { ...record, createdAt: inserted.createdAt, updatedAt: inserted.updatedAt, leaseOwner: null, leaseExpiresAt: null };
      expect(inserted, JSON.stringify(value).slice(0, 80)).toEqual(expected);
      expect(await ledger.get(record.id)).toEqual(expected);
      expect(await ledger.findByIdempotencyKey(record.idempotencyKey ?? '')).toEqual(expected);

      const { records } = await ledger.list({ provider: record.provider, audit: { clipId: value, refCode: value } });
      expect(records.map((row) => row.id)).toEqual([record.id]);

      // What the database holds, read without the adapter's mapping.
      const { rows } = await db.query(
        `SELECT provider, prompt, idempotency_key, audit ->> 'actorId' AS actor_id, metadata::text AS metadata_text,
                jsonb_typeof(metadata) AS metadata_type, error ->> 'message' AS error_message
           FROM ${qualifiedTable} WHERE id = $1::uuid`,
        [record.id],
      );
      const stored = rows[0] as Record<string, unknown>;
      expect(stored.provider).toBe(record.provider);
      expect(stored.prompt).toBe(value);
      expect(stored.idempotency_key).toBe(record.idempotencyKey);
      expect(stored.actor_id).toBe(value);
      expect(stored.error_message).toBe(value);
      expect(stored.metadata_type, 'metadata must be stored as a JSON object, not a JSON string').toBe('object');
      expect(JSON.parse(String(stored.metadata_text))).toEqual(record.metadata);
    }
  });

  it('stores and reads back 100 KB hostile prompts, URLs and JSON values, and updates them', async () => {
    const { ledger, db, qualifiedTable } = context();
    const record = hostileRecord(`'; DROP TABLE generated_videos; -- 🎬`, true);
    expect(record.prompt.length).toBeGreaterThan(100_000);
    const inserted = await ledger.insert(record);
    expect(inserted.prompt).toBe(record.prompt);
    expect(await ledger.get(record.id)).toEqual(inserted);

    const patch = { prompt: `${largeHostileString}updated`, error: { code: 'X', message: largeHostileString }, leaseOwner: hostileStrings[1] ?? '' };
    const updated = await ledger.update(record.id, patch);
    expect(updated).toMatchObject(patch);
    const { rows } = await db.query(`SELECT prompt, error ->> 'message' AS message, lease_owner, length(prompt) AS length FROM ${qualifiedTable} WHERE id = $1::uuid`, [record.id]);
    expect(rows[0]).toEqual({ prompt: patch.prompt, message: largeHostileString, lease_owner: patch.leaseOwner, length: patch.prompt.length - countAstral(patch.prompt) });
  });
}

/** Postgres counts characters (code points); JS `length` counts UTF-16 units: astral characters count twice. */
function countAstral(text: string): number {
  let count = 0;
  for (const character of text) if (character.length === 2) count += 1;
  return count;
}

import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideoConductor, InvalidRequestError, type GenerateVideoRequest, type Ledger } from '@ring/video-conductor';
import { createPostgresLedger, migrate } from '@ring/video-conductor/postgres';
import { MemoryLedger, MemoryStorage, ScriptedImageProvider, ScriptedVideoProvider } from '@ring/video-conductor/testing';
import { createXai } from '@ring/video-conductor/xai';
import { canaryKey, findCanary } from './canary.js';
import { startFakeXaiServer, type FakeXaiServer } from './fake-xai-server.js';

const ok = { prompt: 'A drone shot over Kyiv at dawn' };
const https = 'https://media.test/a.png';

/** A metadata object whose `self` is itself. */
function cyclic(): Record<string, unknown> {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
}

/** A metadata object with an accessor property. */
function withGetter(): Record<string, unknown> {
  return Object.defineProperty({}, 'secret', { get: () => 'computed', enumerable: true });
}

/** `{ a: { a: … { a: 1 } } }` with `levels` nested objects below the top one. */
function nested(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { a: 1 };
  for (let level = 0; level < levels; level++) value = { a: value };
  return value;
}

/** [what is wrong, request, expected code, expected field path] */
const cases: [string, unknown, string, string][] = [
  ['no request at all', undefined, 'INVALID_REQUEST', ''],
  ['a string instead of an object', 'make a video', 'INVALID_REQUEST', ''],
  ['no prompt', {}, 'INVALID_REQUEST', 'prompt'],
  ['prompt is a number', { prompt: 42 }, 'INVALID_REQUEST', 'prompt'],
  ['prompt is empty', { prompt: '' }, 'INVALID_REQUEST', 'prompt'],
  ['prompt is only spaces', { prompt: '   \n' }, 'INVALID_REQUEST', 'prompt'],
  ['prompt too long', { prompt: 'x'.repeat(4097) }, 'INVALID_REQUEST', 'prompt'],
  ['unknown quality mode', { ...ok, qualityMode: 'ultra' }, 'INVALID_REQUEST', 'qualityMode'],
  ['quality mode is not a string', { ...ok, qualityMode: 1 }, 'INVALID_REQUEST', 'qualityMode'],
  ['draft_i2v without an image', { ...ok, qualityMode: 'draft_i2v' }, 'INVALID_REQUEST', 'qualityMode'],
  ['production_i2v without an image', { ...ok, qualityMode: 'production_i2v' }, 'INVALID_REQUEST', 'qualityMode'],
  ['duration 0', { ...ok, durationSec: 0 }, 'INVALID_REQUEST', 'durationSec'],
  ['duration 16', { ...ok, durationSec: 16 }, 'INVALID_REQUEST', 'durationSec'],
  ['duration negative', { ...ok, durationSec: -3 }, 'INVALID_REQUEST', 'durationSec'],
  ['duration fractional', { ...ok, durationSec: 2.5 }, 'INVALID_REQUEST', 'durationSec'],
  ['duration as a string', { ...ok, durationSec: '8' }, 'INVALID_REQUEST', 'durationSec'],
  ['duration NaN', { ...ok, durationSec: Number.NaN }, 'INVALID_REQUEST', 'durationSec'],
  ['aspect ratio not offered', { ...ok, aspectRatio: '5:4' }, 'INVALID_REQUEST', 'aspectRatio'],
  ['aspect ratio written with x', { ...ok, aspectRatio: '16x9' }, 'INVALID_REQUEST', 'aspectRatio'],
  ['imageUrl not a URL', { ...ok, imageUrl: 'fox.png' }, 'INVALID_REQUEST', 'imageUrl'],
  ['imageUrl over http', { ...ok, imageUrl: 'http://media.test/a.png' }, 'INVALID_REQUEST', 'imageUrl'],
  ['imageUrl over ftp', { ...ok, imageUrl: 'ftp://media.test/a.png' }, 'INVALID_REQUEST', 'imageUrl'],
  ['imageUrl is a file path URL', { ...ok, imageUrl: 'file:///etc/passwd' }, 'INVALID_REQUEST', 'imageUrl'],
  ['sourceVideoUrl over http', { ...ok, sourceVideoUrl: 'http://media.test/a.mp4' }, 'INVALID_REQUEST', 'sourceVideoUrl'],
  ['firstFramePrompt empty', { ...ok, firstFramePrompt: ' ' }, 'INVALID_REQUEST', 'firstFramePrompt'],
  ['imageUrl and firstFramePrompt together', { ...ok, imageUrl: https, firstFramePrompt: 'a frame' }, 'INVALID_REQUEST', 'firstFramePrompt'],
  ['an edit that also starts from an image', { ...ok, sourceVideoUrl: 'https://media.test/a.mp4', imageUrl: https }, 'INVALID_REQUEST', 'imageUrl'],
  ['operation without sourceVideoUrl', { ...ok, operation: 'extend' }, 'INVALID_REQUEST', 'operation'],
  ['unknown operation', { ...ok, sourceVideoUrl: 'https://media.test/a.mp4', operation: 'reverse' }, 'INVALID_REQUEST', 'operation'],
  ['remaster is a string', { ...ok, remaster: 'yes' }, 'INVALID_REQUEST', 'remaster'],
  ['a misspelt field', { ...ok, duration: 8 }, 'INVALID_REQUEST', 'duration'],
  ['audit is a string', { ...ok, audit: 'user-1' }, 'INVALID_REQUEST', 'audit'],
  ['audit.clipId is a number', { ...ok, audit: { clipId: 7 } }, 'INVALID_REQUEST', 'audit.clipId'],
  ['audit has an unknown field', { ...ok, audit: { userId: 'u' } }, 'INVALID_REQUEST', 'audit.userId'],
  ['audit.actorId too long', { ...ok, audit: { actorId: 'a'.repeat(257) } }, 'INVALID_REQUEST', 'audit.actorId'],
  ['idempotencyKey empty', { ...ok, idempotencyKey: '' }, 'INVALID_REQUEST', 'idempotencyKey'],
  ['idempotencyKey too long', { ...ok, idempotencyKey: 'k'.repeat(201) }, 'INVALID_REQUEST', 'idempotencyKey'],
  ['metadata is an array', { ...ok, metadata: ['a'] }, 'INVALID_REQUEST', 'metadata'],
  ['thumbnail is a string', { ...ok, thumbnail: 'yes' }, 'INVALID_REQUEST', 'thumbnail'],
  ['thumbnail colour is not hex', { ...ok, thumbnail: { brandColor: 'red' } }, 'INVALID_REQUEST', 'thumbnail.brandColor'],
  ['user empty', { ...ok, user: '' }, 'INVALID_REQUEST', 'user'],
  // Control characters (issue #13): Postgres refuses NUL (22P05) after money was spent; terminals interpret ESC.
  ['prompt with NUL', { prompt: 'a\u0000b' }, 'INVALID_REQUEST', 'prompt'],
  ['prompt with ESC', { prompt: 'red \u001b[31m text' }, 'INVALID_REQUEST', 'prompt'],
  ['prompt with DEL', { prompt: 'a\u007fb' }, 'INVALID_REQUEST', 'prompt'],
  ['prompt with a C1 control', { prompt: 'a\u0085b' }, 'INVALID_REQUEST', 'prompt'],
  ['prompt with backspace', { prompt: 'a\bb' }, 'INVALID_REQUEST', 'prompt'],
  ['prompt with vertical tab', { prompt: 'a\u000bb' }, 'INVALID_REQUEST', 'prompt'],
  ['prompt with form feed', { prompt: 'a\fb' }, 'INVALID_REQUEST', 'prompt'],
  ['prompt with a lone surrogate', { prompt: 'a\ud800b' }, 'INVALID_REQUEST', 'prompt'],
  ['prompt is null', { prompt: null }, 'INVALID_REQUEST', 'prompt'],
  ['prompt is an array', { prompt: ['a'] }, 'INVALID_REQUEST', 'prompt'],
  ['firstFramePrompt with NUL', { ...ok, firstFramePrompt: 'a\u0000' }, 'INVALID_REQUEST', 'firstFramePrompt'],
  ['firstFramePrompt with ESC', { ...ok, firstFramePrompt: '\u001b]0;x\u0007' }, 'INVALID_REQUEST', 'firstFramePrompt'],
  ['firstFramePrompt too long', { ...ok, firstFramePrompt: 'f'.repeat(4097) }, 'INVALID_REQUEST', 'firstFramePrompt'],
  ['firstFramePrompt is a number', { ...ok, firstFramePrompt: 5 }, 'INVALID_REQUEST', 'firstFramePrompt'],
  ['audit.clipId with NUL', { ...ok, audit: { clipId: 'c\u0000' } }, 'INVALID_REQUEST', 'audit.clipId'],
  ['audit.pipelineRequestId with a newline', { ...ok, audit: { pipelineRequestId: 'run\n7' } }, 'INVALID_REQUEST', 'audit.pipelineRequestId'],
  ['audit.refCode with a tab', { ...ok, audit: { refCode: 'r\t1' } }, 'INVALID_REQUEST', 'audit.refCode'],
  ['audit.actorId with ESC', { ...ok, audit: { actorId: '\u001b[2Ju' } }, 'INVALID_REQUEST', 'audit.actorId'],
  ['audit.refCode empty', { ...ok, audit: { refCode: '' } }, 'INVALID_REQUEST', 'audit.refCode'],
  ['audit is null', { ...ok, audit: null }, 'INVALID_REQUEST', 'audit'],
  ['audit is an array', { ...ok, audit: ['u'] }, 'INVALID_REQUEST', 'audit'],
  ['idempotencyKey with NUL', { ...ok, idempotencyKey: 'k\u0000' }, 'INVALID_REQUEST', 'idempotencyKey'],
  ['idempotencyKey with a newline', { ...ok, idempotencyKey: 'k\n1' }, 'INVALID_REQUEST', 'idempotencyKey'],
  ['idempotencyKey with a tab', { ...ok, idempotencyKey: 'k\t1' }, 'INVALID_REQUEST', 'idempotencyKey'],
  ['idempotencyKey with DEL', { ...ok, idempotencyKey: 'k\u007f' }, 'INVALID_REQUEST', 'idempotencyKey'],
  ['idempotencyKey with a lone surrogate', { ...ok, idempotencyKey: 'k\udc00' }, 'INVALID_REQUEST', 'idempotencyKey'],
  ['idempotencyKey is a number', { ...ok, idempotencyKey: 7 }, 'INVALID_REQUEST', 'idempotencyKey'],
  ['user with NUL', { ...ok, user: 'u\u0000' }, 'INVALID_REQUEST', 'user'],
  ['user with a newline', { ...ok, user: 'u\nx' }, 'INVALID_REQUEST', 'user'],
  ['user too long', { ...ok, user: 'u'.repeat(257) }, 'INVALID_REQUEST', 'user'],
  ['thumbnail.title with NUL', { ...ok, thumbnail: { title: 't\u0000' } }, 'INVALID_REQUEST', 'thumbnail.title'],
  ['thumbnail.title with a newline', { ...ok, thumbnail: { title: 'a\nb' } }, 'INVALID_REQUEST', 'thumbnail.title'],
  ['thumbnail.subtitle with ESC', { ...ok, thumbnail: { subtitle: '\u001bc' } }, 'INVALID_REQUEST', 'thumbnail.subtitle'],
  ['thumbnail.title too long', { ...ok, thumbnail: { title: 't'.repeat(201) } }, 'INVALID_REQUEST', 'thumbnail.title'],
  ['thumbnail.position unknown', { ...ok, thumbnail: { position: 'left' } }, 'INVALID_REQUEST', 'thumbnail.position'],
  ['thumbnail has an unknown field', { ...ok, thumbnail: { font: 'Comic Sans' } }, 'INVALID_REQUEST', 'thumbnail.font'],
  ['imageUrl with NUL', { ...ok, imageUrl: 'https://media.test/a\u0000.png' }, 'INVALID_REQUEST', 'imageUrl'],
  ['imageUrl with a tab the URL parser would drop', { ...ok, imageUrl: 'https://media.te\tst/a.png' }, 'INVALID_REQUEST', 'imageUrl'],
  ['imageUrl with a newline', { ...ok, imageUrl: 'https://media.test/\na.png' }, 'INVALID_REQUEST', 'imageUrl'],
  ['imageUrl too long', { ...ok, imageUrl: `https://media.test/${'a'.repeat(4096)}` }, 'INVALID_REQUEST', 'imageUrl'],
  ['imageUrl is a data: URL', { ...ok, imageUrl: 'data:image/png;base64,AAAA' }, 'INVALID_REQUEST', 'imageUrl'],
  ['imageUrl is javascript:', { ...ok, imageUrl: 'javascript:alert(1)' }, 'INVALID_REQUEST', 'imageUrl'],
  ['imageUrl is a number', { ...ok, imageUrl: 443 }, 'INVALID_REQUEST', 'imageUrl'],
  ['sourceVideoUrl with a newline', { ...ok, sourceVideoUrl: 'https://media.test/\na.mp4' }, 'INVALID_REQUEST', 'sourceVideoUrl'],
  ['sourceVideoUrl not a URL', { ...ok, sourceVideoUrl: 'clip.mp4' }, 'INVALID_REQUEST', 'sourceVideoUrl'],
  ['aspectRatio with NUL', { ...ok, aspectRatio: '16:9\u0000' }, 'INVALID_REQUEST', 'aspectRatio'],
  ['aspectRatio is a number', { ...ok, aspectRatio: 1.77 }, 'INVALID_REQUEST', 'aspectRatio'],
  ['durationSec Infinity', { ...ok, durationSec: Number.POSITIVE_INFINITY }, 'INVALID_REQUEST', 'durationSec'],
  ['durationSec huge', { ...ok, durationSec: 1e9 }, 'INVALID_REQUEST', 'durationSec'],
  ['remaster is a number', { ...ok, remaster: 1 }, 'INVALID_REQUEST', 'remaster'],
  // Quality modes are own properties of the presets, not whatever the prototype chain holds.
  ['qualityMode __proto__', { ...ok, qualityMode: '__proto__' }, 'INVALID_REQUEST', 'qualityMode'],
  ['qualityMode constructor', { ...ok, qualityMode: 'constructor' }, 'INVALID_REQUEST', 'qualityMode'],
  ['qualityMode toString', { ...ok, qualityMode: 'toString' }, 'INVALID_REQUEST', 'qualityMode'],
  ['qualityMode hasOwnProperty', { ...ok, qualityMode: 'hasOwnProperty' }, 'INVALID_REQUEST', 'qualityMode'],
  ['qualityMode with NUL', { ...ok, qualityMode: 'draft\u0000' }, 'INVALID_REQUEST', 'qualityMode'],
  ['qualityMode empty', { ...ok, qualityMode: '' }, 'INVALID_REQUEST', 'qualityMode'],
  // metadata is plain JSON, at most 16 KiB and 8 levels deep; each problem names its path.
  ['metadata is a string', { ...ok, metadata: 'x' }, 'INVALID_REQUEST', 'metadata'],
  ['metadata is null', { ...ok, metadata: null }, 'INVALID_REQUEST', 'metadata'],
  ['metadata is a number', { ...ok, metadata: 3 }, 'INVALID_REQUEST', 'metadata'],
  ['metadata is a Date', { ...ok, metadata: new Date(0) }, 'INVALID_REQUEST', 'metadata'],
  ['metadata is a Map', { ...ok, metadata: new Map([['a', 1]]) }, 'INVALID_REQUEST', 'metadata'],
  ['metadata value is a BigInt', { ...ok, metadata: { n: 10n } }, 'INVALID_REQUEST', 'metadata.n'],
  ['metadata value is a function', { ...ok, metadata: { f: () => 1 } }, 'INVALID_REQUEST', 'metadata.f'],
  ['metadata value is a symbol', { ...ok, metadata: { s: Symbol('s') } }, 'INVALID_REQUEST', 'metadata.s'],
  ['metadata value is undefined', { ...ok, metadata: { u: undefined } }, 'INVALID_REQUEST', 'metadata.u'],
  ['metadata value is NaN', { ...ok, metadata: { n: Number.NaN } }, 'INVALID_REQUEST', 'metadata.n'],
  ['metadata value is Infinity', { ...ok, metadata: { n: Number.POSITIVE_INFINITY } }, 'INVALID_REQUEST', 'metadata.n'],
  ['metadata array item is -Infinity', { ...ok, metadata: { list: [1, Number.NEGATIVE_INFINITY] } }, 'INVALID_REQUEST', 'metadata.list[1]'],
  ['metadata value is a Date', { ...ok, metadata: { at: new Date(0) } }, 'INVALID_REQUEST', 'metadata.at'],
  ['metadata value is a class instance', { ...ok, metadata: { x: new (class Point { x = 1 })() } }, 'INVALID_REQUEST', 'metadata.x'],
  ['metadata value is a Uint8Array', { ...ok, metadata: { bytes: new Uint8Array(2) } }, 'INVALID_REQUEST', 'metadata.bytes'],
  ['metadata refers to itself', { ...ok, metadata: cyclic() }, 'INVALID_REQUEST', 'metadata.self'],
  ['metadata string with NUL', { ...ok, metadata: { note: 'a\u0000b' } }, 'INVALID_REQUEST', 'metadata.note'],
  ['metadata nested string with NUL', { ...ok, metadata: { a: { b: ['ok', 'x\u0000'] } } }, 'INVALID_REQUEST', 'metadata.a.b[1]'],
  ['metadata key with NUL', { ...ok, metadata: { 'k\u0000': 1 } }, 'INVALID_REQUEST', 'metadata'],
  ['metadata string with a lone surrogate', { ...ok, metadata: { s: '\ud83d' } }, 'INVALID_REQUEST', 'metadata.s'],
  ['metadata with a getter', { ...ok, metadata: withGetter() }, 'INVALID_REQUEST', 'metadata.secret'],
  ['metadata with a symbol key', { ...ok, metadata: { [Symbol('k')]: 1 } }, 'INVALID_REQUEST', 'metadata'],
  ['metadata with a sparse array', { ...ok, metadata: { list: [1, , 3] } }, 'INVALID_REQUEST', 'metadata.list'],
  ['metadata nested 9 levels deep', { ...ok, metadata: nested(8) }, 'INVALID_REQUEST', 'metadata.a.a.a.a.a.a.a.a'],
  ['metadata over 16 KiB', { ...ok, metadata: { blob: 'b'.repeat(16 * 1024) } }, 'INVALID_REQUEST', 'metadata'],
  ['metadata of 5 MB', { ...ok, metadata: { blob: 'b'.repeat(5_000_000) } }, 'INVALID_REQUEST', 'metadata'],
  ['metadata over 16 KiB in multi-byte characters', { ...ok, metadata: { blob: 'ж'.repeat(8200) } }, 'INVALID_REQUEST', 'metadata'],
  ['no request: null', null, 'INVALID_REQUEST', ''],
  ['no request: an array', [ok], 'INVALID_REQUEST', ''],
  ['no request: a number', 42, 'INVALID_REQUEST', ''],
  ['duration beyond what this provider can do', { ...ok, durationSec: 12, qualityMode: 'draft' }, 'INVALID_REQUEST', 'durationSec'],
  ['an edit with a provider that cannot edit', { ...ok, sourceVideoUrl: 'https://media.test/a.mp4' }, 'UNSUPPORTED_CAPABILITY', 'sourceVideoUrl'],
  ['an extension with a provider that cannot extend', { ...ok, sourceVideoUrl: 'https://media.test/a.mp4', operation: 'extend' }, 'UNSUPPORTED_CAPABILITY', 'operation'],
];

/** A ledger under test and a count of its rows read around it (plain SQL for the Postgres ones). */
interface LedgerUnderTest {
  ledger: Ledger;
  countRows: () => Promise<number>;
  close: () => Promise<void>;
}

const databaseUrl = process.env.DATABASE_URL;
const ledgerKinds: [string, () => Promise<LedgerUnderTest>][] = [
  ['memory', async () => {
    const ledger = new MemoryLedger();
    return { ledger, countRows: async () => (await ledger.list({})).records.length, close: async () => {} };
  }],
  ['PGlite', async () => {
    const db = await PGlite.create();
    await migrate(db, { table: 'invalid_request_videos' });
    const ledger = createPostgresLedger({ db, table: 'invalid_request_videos' });
    return {
      ledger,
      countRows: async () => Number((await db.query<{ count: number }>('select count(*)::int as count from invalid_request_videos')).rows[0]!.count),
      close: async () => db.close(),
    };
  }],
];
if (databaseUrl !== undefined && databaseUrl !== '') {
  ledgerKinds.push(['Postgres', async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    const table = `invalid_requests_${randomBytes(4).toString('hex')}`;
    await migrate(pool, { table });
    const ledger = createPostgresLedger({ db: pool, table });
    return {
      ledger,
      countRows: async () => Number((await pool.query<{ count: number }>(`select count(*)::int as count from "${table}"`)).rows[0]!.count),
      close: async () => {
        await pool.query(`DROP TABLE IF EXISTS "${table}"`);
        await pool.query('DELETE FROM video_conductor_migrations WHERE table_name = $1', [table]);
        await pool.end();
      },
    };
  }]);
} else {
  console.warn('[test/faults] DATABASE_URL is not set: the invalid-request table runs on the memory and PGlite ledgers only.');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(ledgerKinds)('invalid requests on the %s ledger: a typed error naming the field, no provider call, no ledger row', (_kind, open) => {
  let underTest: LedgerUnderTest;
  beforeAll(async () => {
    underTest = await open();
  });
  afterAll(async () => underTest?.close());

  it('covers at least 100 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(cases)('%s', async (_label, request, code, field) => {
    const provider = new ScriptedVideoProvider({ capabilities: { edit: false, extend: false, durations: { min: 1, max: 10 } } });
    const imageProvider = new ScriptedImageProvider();
    const { ledger } = underTest;
    const storage = new MemoryStorage();
    const conductor = createVideoConductor({ provider, imageProvider, ledger, storage, fetch: provider.fetch, urlPolicy: provider.urlPolicy });

    for (const call of [() => conductor.generate(request as GenerateVideoRequest), () => conductor.submit(request as GenerateVideoRequest)]) {
      let error: unknown;
      try {
        await call();
      } catch (caught) {
        error = caught;
      }
      expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
      const invalid = error as InvalidRequestError;
      expect(invalid.code).toBe(code);
      expect(invalid.field).toBe(field);
      expect(invalid.isRetryable).toBe(false);
      // The message is a sentence a person understands, and names the field.
      expect(invalid.message).toMatch(field === '' ? /request/ : new RegExp(escapeRegExp(field.split('.').at(-1)!)));
      // It does not echo the offending control characters back.
      expect(invalid.message).not.toMatch(/[\u0000\u001b\u007f]/);
    }
    expect(() => conductor.estimate(request as GenerateVideoRequest)).toThrow(InvalidRequestError);
    expect(provider.calls).toEqual([]);
    expect(imageProvider.calls).toEqual([]);
    expect(await underTest.countRows()).toBe(0);
    expect(storage.keys()).toEqual([]);
  });
});

describe('invalid requests: other rules', () => {
  it('firstFramePrompt without an image provider is rejected on firstFramePrompt', async () => {
    const provider = new ScriptedVideoProvider();
    const ledger = new MemoryLedger();
    const conductor = createVideoConductor({ provider, ledger });
    await expect(conductor.generate({ ...ok, firstFramePrompt: 'a frame' })).rejects.toMatchObject({ code: 'INVALID_REQUEST', field: 'firstFramePrompt' });
    expect(provider.calls).toEqual([]);
    expect((await ledger.list({})).records).toEqual([]);
  });

  it('reports every problem of a request, each with its path', () => {
    const conductor = createVideoConductor({ provider: new ScriptedVideoProvider() });
    try {
      conductor.estimate({ prompt: '', durationSec: 1.5, audit: { clipId: 3 } } as unknown as GenerateVideoRequest);
      throw new Error('expected a rejection');
    } catch (error) {
      expect((error as InvalidRequestError).issues.map((issue) => issue.field)).toEqual(['prompt', 'durationSec', 'audit.clipId']);
    }
  });
});

/** Cases whose rejection comes from the scripted provider's narrow capabilities (xAI can do these). */
const scriptedCapabilityCases = new Set([
  'duration beyond what this provider can do',
  'an edit with a provider that cannot edit',
  'an extension with a provider that cannot extend',
]);

describe('invalid requests through the xAI adapter: nothing reaches the wire, the key reaches no error', () => {
  let server: FakeXaiServer;
  beforeAll(async () => {
    server = await startFakeXaiServer({ apiKey: canaryKey });
  });
  afterAll(async () => server?.close());

  const wireCases = cases.filter(([label]) => !scriptedCapabilityCases.has(label));

  it('still covers at least 100 cases', () => {
    expect(wireCases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(wireCases)('%s', async (_label, request, code, field) => {
    const xai = createXai({ apiKey: canaryKey, baseURL: server.baseURL, maxRetries: 0 });
    const ledger = new MemoryLedger();
    const storage = new MemoryStorage();
    const conductor = createVideoConductor({ provider: xai.video, imageProvider: xai.image, ledger, storage });
    for (const call of [() => conductor.generate(request as GenerateVideoRequest), () => conductor.submit(request as GenerateVideoRequest)]) {
      let error: unknown;
      try {
        await call();
      } catch (caught) {
        error = caught;
      }
      expect(InvalidRequestError.isInstance(error), String(error)).toBe(true);
      expect(error).toMatchObject({ code, field, isRetryable: false });
      expect(findCanary({ error })).toEqual([]);
    }
    expect(server.seen, 'requests that reached the xAI server').toEqual([]);
    expect((await ledger.list({})).records).toEqual([]);
    expect(storage.keys()).toEqual([]);
  });
});

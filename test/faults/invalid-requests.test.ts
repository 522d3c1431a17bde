import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVideoConductor, InvalidRequestError, type GenerateVideoRequest } from '@ring/video-conductor';
import { MemoryLedger, MemoryStorage, ScriptedImageProvider, ScriptedVideoProvider } from '@ring/video-conductor/testing';
import { createXai } from '@ring/video-conductor/xai';
import { canaryKey, findCanary } from './canary.js';
import { startFakeXaiServer, type FakeXaiServer } from './fake-xai-server.js';

const ok = { prompt: 'A drone shot over Kyiv at dawn' };
const https = 'https://media.test/a.png';

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
  ['duration beyond what this provider can do', { ...ok, durationSec: 12, qualityMode: 'draft' }, 'INVALID_REQUEST', 'durationSec'],
  ['an edit with a provider that cannot edit', { ...ok, sourceVideoUrl: 'https://media.test/a.mp4' }, 'UNSUPPORTED_CAPABILITY', 'sourceVideoUrl'],
  ['an extension with a provider that cannot extend', { ...ok, sourceVideoUrl: 'https://media.test/a.mp4', operation: 'extend' }, 'UNSUPPORTED_CAPABILITY', 'operation'],
];

describe('invalid requests: a typed error naming the field, no provider call, no ledger row', () => {
  it('covers at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s', async (_label, request, code, field) => {
    const provider = new ScriptedVideoProvider({ capabilities: { edit: false, extend: false, durations: { min: 1, max: 10 } } });
    const imageProvider = new ScriptedImageProvider();
    const ledger = new MemoryLedger();
    const storage = new MemoryStorage();
    const conductor = createVideoConductor({ provider, imageProvider, ledger, storage, fetch: provider.fetch });

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
      expect(invalid.message).toMatch(field === '' ? /request/ : new RegExp(field.split('.').at(-1)!));
    }
    expect(() => conductor.estimate(request as GenerateVideoRequest)).toThrow(InvalidRequestError);
    expect(provider.calls).toEqual([]);
    expect(imageProvider.calls).toEqual([]);
    expect((await ledger.list({})).records).toEqual([]);
    expect(storage.keys()).toEqual([]);
  });

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

  it('still covers at least 40 cases', () => {
    expect(wireCases.length).toBeGreaterThanOrEqual(40);
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

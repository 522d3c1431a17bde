import { readFileSync } from 'node:fs';
import { createVideoConductor, InvalidRequestError, MemoryLedger } from '@ring/video-conductor';
import {
  clipIdempotencyKey,
  composeDialoguePrompt,
  parseVideoManifest,
  resolveClipRequests,
  videoManifestJsonSchema,
  type VideoManifest,
} from '../../adapters/cli/index.js';
import { createLocalVideoProvider } from '@ring/video-conductor/local';
import { describe, expect, it } from 'vitest';
import { planClips } from '../../adapters/cli/campaign/plan-campaign.js';

const valid = (): Record<string, any> => ({
  version: 2,
  campaign: 'spring-launch',
  defaults: { qualityMode: 'draft', durationSec: 6, aspectRatio: '9:16', audit: { actorId: 'marketing' } },
  concurrency: 2,
  clips: [
    { id: 'intro', prompt: 'A drone shot over Kyiv at dawn' },
    { id: 'talk', prompt: 'Two friends on a bench', dialogue: [{ speaker: 'Anna', line: 'Spring is here.' }, { speaker: 'boris', line: 'Finally!' }], durationSec: 4 },
    { id: 'outro', prompt: 'Logo on white', aspectRatio: '1:1', audit: { refCode: 'PO-7' } },
  ],
});

/** Returns the InvalidRequestError `parseVideoManifest` throws, or fails. */
function rejectionOf(manifest: unknown): InvalidRequestError {
  try {
    parseVideoManifest(manifest);
  } catch (error) {
    if (InvalidRequestError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('the manifest was accepted');
}

describe('manifest v2 schema', () => {
  it('the JSON Schema file is the one generated from the validator (npx tsx scripts/write-manifest-schema.ts)', () => {
    const file = JSON.parse(readFileSync(new URL('../../adapters/cli/manifest/video-manifest.schema.json', import.meta.url), 'utf8'));
    expect(file).toEqual(JSON.parse(JSON.stringify(videoManifestJsonSchema())));
    expect(file.properties.version.const).toBe(2);
    expect(file.required).toEqual(['version', 'campaign', 'clips']);
    expect(file.additionalProperties).toBe(false);
  });

  it('accepts a valid manifest as it is', () => {
    expect(parseVideoManifest(valid())).toEqual(valid());
  });

  const malformed: [string, (manifest: Record<string, any>) => unknown, string, RegExp][] = [
    ['not an object', () => [1, 2], '', /JSON object/],
    ['missing version', (m) => ({ ...m, version: undefined }), 'version', /version must be 2/],
    ['version 1', (m) => ({ ...m, version: 1 }), 'version', /version must be 2/],
    ['a campaign id with spaces', (m) => ({ ...m, campaign: 'spring launch' }), 'campaign', /letters, digits/],
    ['no clips', (m) => ({ ...m, clips: [] }), 'clips', /at least one clip/],
    ['a fractional duration', (m) => (m.clips[2].durationSec = 2.5, m), 'clips[2].durationSec', /whole number of seconds/],
    ['a duration as a string', (m) => (m.clips[1].durationSec = '6', m), 'clips[1].durationSec', /number of seconds/],
    ['a typo in a clip field', (m) => (m.clips[1].duraton = 6, m), 'clips[1].duraton', /unknown field/],
    ['a duplicate clip id', (m) => (m.clips[2].id = 'intro', m), 'clips[2].id', /already used by clips\[0\]/],
    ['a missing prompt', (m) => (delete m.clips[0].prompt, m), 'clips[0].prompt', /prompt is required/],
    ['a prompt that is a number', (m) => (m.clips[0].prompt = 42, m), 'clips[0].prompt', /prompt must be a string/],
    ['a blank prompt', (m) => (m.clips[0].prompt = '   ', m), 'clips[0].prompt', /must not be blank/],
    ['a dialogue line without speaker', (m) => (delete m.clips[1].dialogue[1].speaker, m), 'clips[1].dialogue[1].speaker', /speaker is required/],
    ['an empty dialogue', (m) => (m.clips[1].dialogue = [], m), 'clips[1].dialogue', /at least one line/],
    ['concurrency 0', (m) => ({ ...m, concurrency: 0 }), 'concurrency', /from 1 to 16/],
    ['concurrency 17', (m) => ({ ...m, concurrency: 17 }), 'concurrency', /from 1 to 16/],
    ['an http image URL', (m) => (m.clips[0].imageUrl = 'http://example.com/a.png', m), 'clips[0].imageUrl', /https/],
    ['an aspect ratio word', (m) => (m.defaults.aspectRatio = 'portrait', m), 'defaults.aspectRatio', /16:9/],
    ['an idempotency key in defaults', (m) => (m.defaults.idempotencyKey = 'k', m), 'defaults.idempotencyKey', /unknown field/],
    ['a prompt in defaults', (m) => (m.defaults.prompt = 'p', m), 'defaults.prompt', /unknown field/],
    ['audit.clipId (it is the clip id)', (m) => (m.clips[2].audit.clipId = 'x', m), 'clips[2].audit.clipId', /unknown field/],
    ['a wrong thumbnail', (m) => (m.clips[0].thumbnail = 'yes', m), 'clips[0].thumbnail', /thumbnail must be true, false or an object/],
    ['an unknown top-level field', (m) => ({ ...m, clip: [] }), 'clip', /unknown field "clip"/],
    ['a missing campaign', (m) => (delete m.campaign, m), 'campaign', /campaign is required/],
  ];

  it.each(malformed)('rejects %s with the JSON path of the problem', (_name, mutate, field, message) => {
    const error = rejectionOf(mutate(valid()));
    expect(error.field).toBe(field);
    expect(error.code).toBe('INVALID_MANIFEST');
    expect(error.message).toMatch(message);
    expect(error.message).toContain(field === '' ? 'Invalid manifest' : `Invalid manifest: ${field}: `);
    expect(error.issues[0]?.field).toBe(field);
  });

  it('lists every problem in issues', () => {
    const manifest = valid();
    manifest.clips[0].durationSec = 0;
    manifest.clips[1].aspectRatio = 'wide';
    manifest.concurrency = 99;
    expect(rejectionOf(manifest).issues.map((issue) => issue.field)).toEqual(['clips[0].durationSec', 'clips[1].aspectRatio', 'concurrency']);
  });
});

describe('clip requests', () => {
  const manifest = parseVideoManifest(valid()) as VideoManifest;

  it('merge defaults under each clip, compose the dialogue, set audit and an idempotency key', () => {
    const [intro, talk, outro] = resolveClipRequests(manifest);
    expect(intro!.request).toEqual({
      qualityMode: 'draft',
      durationSec: 6,
      aspectRatio: '9:16',
      prompt: 'A drone shot over Kyiv at dawn',
      audit: { pipelineRequestId: 'spring-launch', actorId: 'marketing', clipId: 'intro' },
      idempotencyKey: expect.stringMatching(/^spring-launch\/intro\/[0-9a-f]{12}$/),
    });
    expect(talk!.request.prompt).toBe('Two friends on a bench\n\nDIALOGUE:\nANNA: "Spring is here."\nBORIS: "Finally!"');
    expect(talk!.request.durationSec).toBe(4);
    expect(outro!.request).toMatchObject({ aspectRatio: '1:1', audit: { actorId: 'marketing', refCode: 'PO-7', clipId: 'outro' } });
  });

  it('keys change with what the video looks like, not with audit fields or metadata', () => {
    const base = { prompt: 'A fox', durationSec: 6 };
    const key = clipIdempotencyKey('c', 'a', base);
    expect(clipIdempotencyKey('c', 'a', { durationSec: 6, prompt: 'A fox' })).toBe(key); // key order does not matter
    expect(clipIdempotencyKey('c', 'a', { ...base, audit: { actorId: 'someone-else' }, metadata: { note: 1 } })).toBe(key);
    expect(clipIdempotencyKey('c', 'a', { ...base, durationSec: 7 })).not.toBe(key);
    expect(clipIdempotencyKey('c', 'a', { ...base, prompt: 'A fox!' })).not.toBe(key);
    expect(clipIdempotencyKey('c', 'b', base)).not.toBe(key);
    expect(clipIdempotencyKey('d', 'a', base)).not.toBe(key);
    const longest = clipIdempotencyKey('c'.repeat(64), 'a'.repeat(64), base);
    expect(longest.length).toBeLessThanOrEqual(200); // the core's limit for idempotency keys
  });

  it('composeDialoguePrompt leaves a prompt without dialogue unchanged', () => {
    expect(composeDialoguePrompt('A fox', undefined)).toBe('A fox');
    expect(composeDialoguePrompt('A fox  ', [{ speaker: ' Fox ', line: ' Hi ' }])).toBe('A fox\n\nDIALOGUE:\nFOX: "Hi"');
  });

  it('planning refuses what the provider cannot make, pointing at the clip field or the default it came from', () => {
    const provider = createLocalVideoProvider();
    const conductor = createVideoConductor({ provider, ledger: new MemoryLedger() });
    const plan = (mutate: (m: Record<string, any>) => void) => {
      const raw = valid();
      mutate(raw);
      try {
        planClips(parseVideoManifest(raw), conductor);
      } catch (error) {
        if (InvalidRequestError.isInstance(error)) return [error.field, error.message];
        throw error;
      }
      return ['accepted', ''];
    };
    expect(plan(() => {})).toEqual(['accepted', '']);
    const [field, message] = plan((m) => (m.clips[1].durationSec = 30));
    expect(field).toBe('clips[1].durationSec');
    expect(message).toMatch(/^Invalid manifest: clips\[1\]\.durationSec: .*15/);
    expect(plan((m) => (m.defaults.qualityMode = 'cinema'))[0]).toBe('defaults.qualityMode');
    expect(plan((m) => (m.clips[0].aspectRatio = '21:9'))[0]).toBe('clips[0].aspectRatio');
    expect(plan((m) => (m.clips[1].dialogue = Array.from({ length: 20 }, () => ({ speaker: 'A', line: 'x'.repeat(300) }))))[0]).toBe('clips[1].dialogue');
    expect(plan((m) => (m.clips[0].firstFramePrompt = 'A frame'))).toEqual(['clips[0].firstFramePrompt', expect.stringContaining('image provider')]);
  });
});

describe('manifest fields of the capabilities xAI has', () => {
  it('reference images, audio off, last frame and the source length reach the clip request; bad values name the JSON path', () => {
    const manifest = parseVideoManifest({
      version: 2,
      campaign: 'refs',
      defaults: { generateAudio: false },
      clips: [
        { id: 'meet', prompt: 'The three meet', referenceImageUrls: ['https://images.example.com/a.png', 'https://images.example.com/b.png'] },
        { id: 'end', prompt: 'It ends', imageUrl: 'https://images.example.com/s.png', lastFrameUrl: 'https://images.example.com/z.png' },
        { id: 'more', prompt: 'More', sourceVideoUrl: 'https://media.example.com/a.mp4', operation: 'extend', durationSec: 4, sourceVideoDurationSec: 6 },
      ],
    }) as VideoManifest;
    const [meet, end, more] = resolveClipRequests(manifest);
    expect(meet!.request).toMatchObject({ generateAudio: false, referenceImageUrls: ['https://images.example.com/a.png', 'https://images.example.com/b.png'] });
    expect(end!.request).toMatchObject({ lastFrameUrl: 'https://images.example.com/z.png' });
    expect(more!.request).toMatchObject({ operation: 'extend', durationSec: 4, sourceVideoDurationSec: 6 });
    expect(rejectionOf({ ...valid(), defaults: { referenceImageUrls: ['http://images.example.com/a.png'] } })).toMatchObject({ field: 'defaults.referenceImageUrls[0]' });
    expect(rejectionOf({ ...valid(), defaults: { generateAudio: 'no' } })).toMatchObject({ field: 'defaults.generateAudio' });
  });
});

import { createVideoConductor } from '@ring/video-conductor';
import { createFakeTime, MemoryLedger, MemoryStorage, publicTestLookup, ScriptedVideoProvider } from '@ring/video-conductor/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharpThumbnailRenderer } from '@ring/video-conductor/thumbnail';
import { decode, near, rgbOf, solidPng, startServer } from './thumbnail-test-helpers.js';

/**
 * Requests only accept https image URLs, so the first frame's public address is
 * `https://frames.example.test/…`; the renderer's injected fetch sends that host to the
 * loopback server, which really serves the PNG over HTTP.
 */
const publicFrameOrigin = 'https://frames.example.test';
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer({ '/still.png': { body: await solidPng(640, 360, '#3366cc') } });
});
afterAll(() => server.close());

const loopbackFetch: typeof fetch = (input, init) => {
  const url = String(input);
  return fetch(url.startsWith(publicFrameOrigin) ? server.origin + url.slice(publicFrameOrigin.length) : url, init);
};

function setup() {
  const time = createFakeTime();
  const provider = new ScriptedVideoProvider();
  const storage = new MemoryStorage();
  const ledger = new MemoryLedger({ clock: time.clock });
  const conductor = createVideoConductor({
    provider,
    storage,
    ledger,
    fetch: provider.fetch, urlPolicy: provider.urlPolicy,
    clock: time.clock,
    sleep: time.sleep,
    thumbnailRenderer: createSharpThumbnailRenderer({ fetch: loopbackFetch, urlPolicy: { lookup: publicTestLookup } }),
  });
  return { conductor, storage, ledger };
}

describe('conductor with the sharp thumbnail renderer', () => {
  it('renders the thumbnail over the imageUrl first frame, stores it and records it in the ledger row', async () => {
    const { conductor, storage, ledger } = setup();
    const result = await conductor.generate({
      prompt: 'The fox turns its head',
      imageUrl: `${publicFrameOrigin}/still.png`,
      durationSec: 4,
      thumbnail: { title: 'The fox', subtitle: 'Episode 1', brandColor: '#ff3366' },
    });

    const key = `videos/${result.recordId}.thumbnail.jpg`;
    expect(result).toMatchObject({ success: true, status: 'succeeded', thumbnail: { storageKey: key, contentType: 'image/jpeg', width: 1280, height: 720 } });
    expect(result.warnings.filter((warning) => 'field' in warning && warning.field === 'thumbnail')).toEqual([]);
    expect(server.requests).toContain('GET /still.png');

    const bytes = storage.read(key);
    expect(bytes).not.toBeNull();
    const image = await decode(bytes!);
    expect(image).toMatchObject({ format: 'jpeg', width: 1280, height: 720 });
    expect(near(image.pixel(640, 100), rgbOf('#3366cc'), 12)).toBe(true);
    expect(near(image.pixel(4, 715), rgbOf('#ff3366'), 12)).toBe(true);

    const row = await ledger.get(result.recordId);
    expect(row?.thumbnail).toEqual({ storageKey: key, url: `memory://video-conductor/${key}`, contentType: 'image/jpeg', width: 1280, height: 720 });
    if (!result.success) throw new Error('the job did not succeed');
    expect(row?.thumbnail).toEqual(result.thumbnail);
  });

  it('a text-to-video job without ffmpeg succeeds with the renderer’s skipped warning and no thumbnail', async () => {
    const { conductor, ledger } = setup();
    const result = await conductor.generate({ prompt: 'A fox in the snow', thumbnail: { title: 'No frame' } });
    expect(result).toMatchObject({ success: true, status: 'succeeded', thumbnail: null });
    expect(result.warnings).toContainEqual({
      type: 'unsupported',
      field: 'thumbnail',
      detail: 'the job has no first frame, and taking one from the video needs the ffmpegPath option',
    });
    expect((await ledger.get(result.recordId))?.thumbnail).toBeNull();
  });
});

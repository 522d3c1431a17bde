import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { VideoConductorError } from '@ring/video-conductor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSharpThumbnailRenderer } from '@ring/video-conductor/thumbnail';
import { decode, near, rejectionOf, rgbOf, solidPng, startServer, twoColourPng } from './thumbnail-test-helpers.js';

const sourceColour = '#3366cc';
const brandColour = '#ff3366';
const videoUrl = 'memory://video-conductor/videos/job.mp4';

let sourcePng: Buffer;
let sourceDataUrl: string;

beforeAll(async () => {
  sourcePng = await solidPng(640, 360, sourceColour);
  sourceDataUrl = `data:image/png;base64,${sourcePng.toString('base64')}`;
});

/** Renders or fails the test when the renderer declines. */
async function renderImage(...args: Parameters<ReturnType<typeof createSharpThumbnailRenderer>['render']> & [unknown?]) {
  const [input, callOptions] = args;
  const renderer = createSharpThumbnailRenderer({ format: 'png' });
  const rendered = await renderer.render(input, callOptions);
  if ('skipped' in rendered) throw new Error(`unexpectedly skipped: ${JSON.stringify(rendered.skipped)}`);
  return rendered;
}

/** First row (from the top) of column `x` whose pixel is the brand colour, or -1. */
function firstBrandRow(image: Awaited<ReturnType<typeof decode>>, x: number): number {
  for (let y = 0; y < image.height; y += 1) if (near(image.pixel(x, y), rgbOf(brandColour), 2)) return y;
  return -1;
}

describe('createSharpThumbnailRenderer', () => {
  it('identifies itself as the sharp ThumbnailRenderer', () => {
    const renderer = createSharpThumbnailRenderer();
    expect(renderer).toMatchObject({ specificationVersion: 'v1', id: 'sharp' });
  });

  it('draws an opaque brand-colour band with the text at the bottom and keeps the source elsewhere (png)', async () => {
    const rendered = await renderImage({ spec: { title: 'Episode 1', subtitle: 'The fox', brandColor: brandColour }, firstFrameUrl: sourceDataUrl, videoUrl });
    expect(rendered).toMatchObject({ contentType: 'image/png', width: 1280, height: 720 });

    const image = await decode(rendered.data);
    expect(image).toMatchObject({ format: 'png', width: 1280, height: 720 });
    // Column 2 lies left of the text: the band is one solid run down to the last row.
    const bandTop = firstBrandRow(image, 2);
    expect(bandTop).toBeGreaterThan(720 * 0.6);
    expect(bandTop).toBeLessThan(720 - 40);
    for (let y = bandTop; y < 720; y += 1) expect(image.pixel(2, y), `row ${y}`).toEqual(rgbOf(brandColour));
    for (const [x, y] of [[2, 0], [2, bandTop - 1], [640, 100], [1279, bandTop - 1]] as const) {
      expect(image.pixel(x, y), `(${x}, ${y})`).toEqual(rgbOf(sourceColour));
    }
    // The text was drawn: the band holds light glyph pixels (white on a dark brand colour).
    let light = 0;
    for (let y = bandTop; y < 720; y += 1) for (let x = 0; x < 1280; x += 2) if (near(image.pixel(x, y), [255, 255, 255], 40)) light += 1;
    expect(light).toBeGreaterThan(100);
  });

  it('places the band at the top or in the center when asked', async () => {
    const top = await decode((await renderImage({ spec: { title: 'Top', brandColor: brandColour, position: 'top' }, firstFrameUrl: sourceDataUrl, videoUrl })).data);
    expect(top.pixel(2, 0)).toEqual(rgbOf(brandColour));
    expect(top.pixel(2, 719)).toEqual(rgbOf(sourceColour));

    const center = await decode((await renderImage({ spec: { title: 'Center', brandColor: brandColour, position: 'center' }, firstFrameUrl: sourceDataUrl, videoUrl })).data);
    expect(center.pixel(2, 360)).toEqual(rgbOf(brandColour));
    expect(center.pixel(2, 0)).toEqual(rgbOf(sourceColour));
    expect(center.pixel(2, 719)).toEqual(rgbOf(sourceColour));
  });

  it('without a brand colour draws a see-through dark band', async () => {
    const image = await decode((await renderImage({ spec: { title: 'Plain' }, firstFrameUrl: sourceDataUrl, videoUrl })).data);
    const [r, g, b] = image.pixel(2, 719);
    const [sr, sg, sb] = rgbOf(sourceColour);
    // 60 % black over the source: darker than the source, not black.
    expect(near([r, g, b], [sr * 0.4, sg * 0.4, sb * 0.4], 3)).toBe(true);
  });

  it('without title and subtitle returns the frame resized, with no band', async () => {
    const image = await decode((await renderImage({ spec: { brandColor: brandColour }, firstFrameUrl: sourceDataUrl, videoUrl })).data);
    expect(image.pixel(2, 719)).toEqual(rgbOf(sourceColour));
    expect(image.pixel(2, 0)).toEqual(rgbOf(sourceColour));
  });

  it('encodes JPEG by default, and WebP when asked, at the requested width keeping the aspect ratio', async () => {
    const jpeg = await createSharpThumbnailRenderer().render({ spec: { title: 'JPEG', brandColor: brandColour }, firstFrameUrl: sourceDataUrl, videoUrl });
    if ('skipped' in jpeg) throw new Error('skipped');
    expect(jpeg).toMatchObject({ contentType: 'image/jpeg', width: 1280, height: 720 });
    const decodedJpeg = await decode(jpeg.data);
    expect(decodedJpeg).toMatchObject({ format: 'jpeg', width: 1280, height: 720 });
    expect(near(decodedJpeg.pixel(4, 715), rgbOf(brandColour), 12)).toBe(true);
    expect(near(decodedJpeg.pixel(640, 100), rgbOf(sourceColour), 12)).toBe(true);

    const portrait = await solidPng(360, 640, sourceColour);
    const webp = await createSharpThumbnailRenderer({ width: 320, format: 'webp' }).render({
      spec: { title: 'WebP' },
      firstFrameUrl: `data:image/png;base64,${portrait.toString('base64')}`,
      videoUrl,
    });
    if ('skipped' in webp) throw new Error('skipped');
    expect(webp).toMatchObject({ contentType: 'image/webp', width: 320, height: Math.round((320 * 640) / 360) });
    expect(await decode(webp.data)).toMatchObject({ format: 'webp', width: 320, height: 569 });
  });

  it('keeps a two-coloured source as it was outside the band', async () => {
    const png = await twoColourPng(640, 360, '#00aa00', '#aa0000');
    const image = await decode((await renderImage({ spec: { title: 'Split', brandColor: '#101010' }, firstFrameUrl: `data:image/png;base64,${png.toString('base64')}`, videoUrl })).data);
    expect(image.pixel(100, 50)).toEqual([0, 0xaa, 0]);
    expect(image.pixel(1200, 50)).toEqual([0xaa, 0, 0]);
    expect(image.pixel(2, 719)).toEqual([0x10, 0x10, 0x10]);
  });

  it('escapes text for XML: <&"\'> renders, and markup in a title cannot inject shapes', async () => {
    const escaped = await renderImage({ spec: { title: `<&"'> Tom & Jerry's "show"`, subtitle: `a < b > c & d`, brandColor: brandColour }, firstFrameUrl: sourceDataUrl, videoUrl });
    expect(escaped.width).toBe(1280);

    const injection = `</text><rect x="0" y="0" width="5000" height="5000" fill="#00ff00"/><text>`;
    const image = await decode(
      (await renderImage({ spec: { title: injection, subtitle: `]]><!-- "' -->`, brandColor: `#ff3366" stroke="#00ff00` }, firstFrameUrl: sourceDataUrl, videoUrl })).data,
    );
    let green = 0;
    for (let y = 0; y < image.height; y += 3) for (let x = 0; x < image.width; x += 3) if (near(image.pixel(x, y), [0, 255, 0], 30)) green += 1;
    expect(green).toBe(0);
    expect(image.pixel(640, 100)).toEqual(rgbOf(sourceColour));
  });

  it('cuts a title too long for the width instead of running off the image', async () => {
    const rendered = await renderImage({ spec: { title: 'W'.repeat(200), brandColor: brandColour }, firstFrameUrl: sourceDataUrl, videoUrl });
    const image = await decode(rendered.data);
    // The rightmost columns of the band stay brand-coloured: the text stopped before them.
    const bandTop = firstBrandRow(image, 2);
    for (let y = bandTop; y < 720; y += 1) expect(image.pixel(1278, y), `row ${y}`).toEqual(rgbOf(brandColour));
  });

  describe('first frames', () => {
    let directory: string;
    beforeAll(async () => {
      directory = await mkdtemp(path.join(tmpdir(), 'vc-thumbnail-'));
    });
    afterAll(async () => {
      await rm(directory, { recursive: true, force: true });
    });

    it('reads file:// URLs from disk', async () => {
      const file = path.join(directory, 'frame with space.png');
      await writeFile(file, await solidPng(320, 240, '#22aa44'));
      const rendered = await renderImage({ spec: { title: 'File' }, firstFrameUrl: pathToFileURL(file).href, videoUrl });
      expect(rendered).toMatchObject({ width: 1280, height: 960 });
      expect((await decode(rendered.data)).pixel(640, 10)).toEqual([0x22, 0xaa, 0x44]);
    });

    it('downloads http URLs (loopback server) with the injected fetch', async () => {
      const server = await startServer({ '/frame.png': { body: await solidPng(400, 300, '#aa5500') } });
      try {
        const fetched: string[] = [];
        const renderer = createSharpThumbnailRenderer({
          width: 400,
          format: 'png',
          urlPolicy: { allowHttp: true, allowPrivateAddresses: true }, // the test server is on loopback
          fetch: (input, init) => {
            fetched.push(String(input));
            return fetch(input, init);
          },
        });
        const rendered = await renderer.render({ spec: { title: 'HTTP' }, firstFrameUrl: `${server.origin}/frame.png`, videoUrl });
        if ('skipped' in rendered) throw new Error('skipped');
        expect(rendered).toMatchObject({ width: 400, height: 300 });
        expect((await decode(rendered.data)).pixel(200, 5)).toEqual([0xaa, 0x55, 0x00]);
        expect(fetched).toEqual([`${server.origin}/frame.png`]);
        expect(server.requests).toEqual(['GET /frame.png']);
      } finally {
        await server.close();
      }
    });

    it('a first frame that cannot be read rejects with FIRST_FRAME_UNAVAILABLE (retryable only when transient)', async () => {
      const server = await startServer({ '/busy.png': { status: 503 } });
      try {
        const renderer = createSharpThumbnailRenderer({ urlPolicy: { allowHttp: true, allowPrivateAddresses: true } });
        const missing = await rejectionOf(renderer.render({ spec: {}, firstFrameUrl: `${server.origin}/gone.png?signature=secret`, videoUrl }));
        expect(VideoConductorError.isInstance(missing)).toBe(true);
        expect(missing).toMatchObject({ code: 'FIRST_FRAME_UNAVAILABLE', isRetryable: false });
        // One fixed sentence: the status the URL answered is not told (no probing through the server).
        expect((missing as Error).message).not.toContain('404');
        expect((missing as Error).message).toContain('could not be downloaded');
        expect((missing as Error).message).not.toContain('secret');

        const busy = await rejectionOf(renderer.render({ spec: {}, firstFrameUrl: `${server.origin}/busy.png`, videoUrl }));
        expect(busy).toMatchObject({ code: 'FIRST_FRAME_UNAVAILABLE', isRetryable: true });

        const noFile = await rejectionOf(renderer.render({ spec: {}, firstFrameUrl: pathToFileURL(path.join(directory, 'nope.png')).href, videoUrl }));
        expect(noFile).toMatchObject({ code: 'FIRST_FRAME_UNAVAILABLE' });

        const ftp = await rejectionOf(renderer.render({ spec: {}, firstFrameUrl: 'ftp://example.com/a.png', videoUrl }));
        expect(ftp).toMatchObject({ code: 'FIRST_FRAME_UNAVAILABLE' });
      } finally {
        await server.close();
      }
    });

    it('bytes that are not an image reject with THUMBNAIL_RENDER_FAILED', async () => {
      const error = await rejectionOf(
        createSharpThumbnailRenderer().render({ spec: { title: 'x' }, firstFrameUrl: 'data:image/png;base64,aGVsbG8gd29ybGQ=', videoUrl }),
      );
      expect(VideoConductorError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ code: 'THUMBNAIL_RENDER_FAILED' });
    });
  });

  it('declines with an unsupported warning when there is no first frame and no ffmpegPath', async () => {
    const result = await createSharpThumbnailRenderer().render({ spec: { title: 'x' }, videoUrl: 'file:///tmp/video.mp4' });
    expect(result).toEqual({
      skipped: { type: 'unsupported', field: 'thumbnail', detail: 'the job has no first frame, and taking one from the video needs the ffmpegPath option' },
    });
  });

  it('declines when ffmpeg could not read the stored video (memory:// URL)', async () => {
    const result = await createSharpThumbnailRenderer({ ffmpegPath: 'ffmpeg' }).render({ spec: { title: 'x' }, videoUrl });
    expect(result).toEqual({
      skipped: { type: 'unsupported', field: 'thumbnail', detail: "the job has no first frame, and ffmpeg cannot read the stored video's memory: URL" },
    });
  });

  it('rejects with FRAME_EXTRACTION_FAILED when the ffmpeg executable does not exist', async () => {
    const error = await rejectionOf(
      createSharpThumbnailRenderer({ ffmpegPath: '/nonexistent/bin/ffmpeg-missing' }).render({ spec: {}, videoUrl: 'file:///tmp/video.mp4' }),
    );
    expect(VideoConductorError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'FRAME_EXTRACTION_FAILED' });
    expect((error as Error).message).toContain('no ffmpeg executable at "/nonexistent/bin/ffmpeg-missing"');
  });

  it('an aborted signal rejects with its reason before any work', async () => {
    const reason = new Error('stop');
    const error = await rejectionOf(
      createSharpThumbnailRenderer().render({ spec: {}, firstFrameUrl: sourceDataUrl, videoUrl }, { signal: AbortSignal.abort(reason) }),
    );
    expect(error).toBe(reason);
  });

  it('refuses impossible options at construction', () => {
    expect(() => createSharpThumbnailRenderer({ width: 0 })).toThrow(RangeError);
    expect(() => createSharpThumbnailRenderer({ width: 12.5 })).toThrow(/whole number/);
    expect(() => createSharpThumbnailRenderer({ format: 'gif' as never })).toThrow(/jpeg, png or webp/);
  });
});

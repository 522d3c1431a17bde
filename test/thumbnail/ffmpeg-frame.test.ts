import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createSharpThumbnailRenderer } from '@ring/video-conductor/thumbnail';
import { ffmpegInputOf } from '../../adapters/thumbnail/extract-video-frame.js';
import { decode, near, rgbOf, startServer } from './thumbnail-test-helpers.js';

/** Whether an `ffmpeg` executable is on the PATH (CI machines start without one). */
const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;

const directories: string[] = [];
afterAll(async () => {
  await Promise.all(directories.map((directory) => rm(directory, { recursive: true, force: true })));
});

/** A 1-second solid-colour H.264 MP4 made by ffmpeg itself. */
async function makeVideo(colour: string, size: string, durationSec = 1): Promise<string> {
  const directory = await mkdtemp(path.join(tmpdir(), 'vc-ffmpeg-'));
  directories.push(directory);
  const file = path.join(directory, 'clip.mp4');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `color=c=${colour}:s=${size}:d=${durationSec}`, '-pix_fmt', 'yuv420p', '-y', file]);
  return file;
}

describe('frames taken from the video with ffmpeg', () => {
  it('maps file:// URLs to paths and keeps http(s) URLs; other schemes are not readable', () => {
    expect(ffmpegInputOf('file:///var/media/a%20b.mp4')).toBe('/var/media/a b.mp4');
    expect(ffmpegInputOf('https://cdn.example.com/v.mp4?x=1')).toBe('https://cdn.example.com/v.mp4?x=1');
    expect(ffmpegInputOf('memory://video-conductor/videos/a.mp4')).toBeUndefined();
    expect(ffmpegInputOf('data:video/mp4;base64,AAAA')).toBeUndefined();
  });

  it('renders the overlay onto a frame ffmpeg takes at 0.5 s from a file:// video', async (context) => {
    if (!hasFfmpeg) return context.skip('ffmpeg is not installed');
    const file = await makeVideo('0x3366cc', '320x180');
    const rendered = await createSharpThumbnailRenderer({ ffmpegPath: 'ffmpeg', format: 'png', width: 640 }).render({
      spec: { title: 'From the video', brandColor: '#ff3366' },
      videoUrl: pathToFileURL(file).href,
    });
    if ('skipped' in rendered) throw new Error(`skipped: ${JSON.stringify(rendered.skipped)}`);
    expect(rendered).toMatchObject({ contentType: 'image/png', width: 640, height: 360 });
    const image = await decode(rendered.data);
    expect(image).toMatchObject({ format: 'png', width: 640, height: 360 });
    // YUV 4:2:0 round trip: close to the source colour, not exact.
    expect(near(image.pixel(320, 20), rgbOf('#3366cc'), 12), `got ${image.pixel(320, 20).join(',')}`).toBe(true);
    expect(image.pixel(1, 359)).toEqual(rgbOf('#ff3366'));
  });

  it('takes the frame at 0 s from a clip shorter than 0.5 s, and over http', async (context) => {
    if (!hasFfmpeg) return context.skip('ffmpeg is not installed');
    const file = await makeVideo('0x22aa44', '160x90', 0.2);
    const server = await startServer({ '/short.mp4': { body: await readFile(file), contentType: 'video/mp4' } });
    try {
      const rendered = await createSharpThumbnailRenderer({ ffmpegPath: 'ffmpeg', format: 'png', width: 320 }).render({
        spec: {},
        videoUrl: `${server.origin}/short.mp4`,
      });
      if ('skipped' in rendered) throw new Error('skipped');
      expect(rendered).toMatchObject({ width: 320, height: 180 });
      expect(near((await decode(rendered.data)).pixel(160, 90), rgbOf('#22aa44'), 12)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('a video ffmpeg cannot read rejects with FRAME_EXTRACTION_FAILED quoting ffmpeg', async (context) => {
    if (!hasFfmpeg) return context.skip('ffmpeg is not installed');
    const error = await createSharpThumbnailRenderer({ ffmpegPath: 'ffmpeg' })
      .render({ spec: {}, videoUrl: 'file:///nonexistent/clip.mp4' })
      .then(() => undefined, (caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'FRAME_EXTRACTION_FAILED' });
    expect((error as Error).message).toMatch(/ffmpeg exited with \d+/);
  });
});

import { describe, expect, it } from 'vitest';
import type { ThumbnailRenderer, ThumbnailRenderInput } from '@ring/video-conductor';
import { createHarness } from './conductor-harness.js';

function recordingRenderer(answer: 'render' | 'skip' | 'throw'): ThumbnailRenderer & { inputs: ThumbnailRenderInput[] } {
  const inputs: ThumbnailRenderInput[] = [];
  return {
    specificationVersion: 'v1',
    id: 'recording',
    inputs,
    async render(input) {
      inputs.push(input);
      if (answer === 'throw') throw new Error('font missing');
      if (answer === 'skip') return { skipped: { type: 'unsupported', field: 'thumbnail', detail: 'no first frame and no ffmpegPath' } };
      return { data: new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]), contentType: 'image/jpeg', width: 320, height: 180 };
    },
  };
}

describe('thumbnails', () => {
  it('renders over the first frame after the video is stored and records it in the row', async () => {
    const renderer = recordingRenderer('render');
    const h = createHarness({ conductor: { thumbnailRenderer: renderer } });
    const result = await h.conductor.generate({
      prompt: 'x',
      imageUrl: 'https://images.test/still.png',
      aspectRatio: '9:16',
      thumbnail: { title: 'Episode 1', brandColor: '#ff3366' },
    });
    expect(renderer.inputs).toEqual([
      {
        spec: { title: 'Episode 1', brandColor: '#ff3366' },
        firstFrameUrl: 'https://images.test/still.png',
        videoUrl: `memory://video-conductor/videos/${result.recordId}.mp4`,
        aspectRatio: '9:16',
      },
    ]);
    const key = `videos/${result.recordId}.thumbnail.jpg`;
    expect(result).toMatchObject({ success: true, thumbnail: { storageKey: key, contentType: 'image/jpeg', width: 320, height: 180 } });
    expect(h.storage.read(key)).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]));
    expect(await h.ledger.get(result.recordId)).toMatchObject({ thumbnail: { storageKey: key } });
  });

  it('a renderer that declines or fails leaves a warning, never a failed job', async () => {
    for (const answer of ['skip', 'throw'] as const) {
      const h = createHarness({ conductor: { thumbnailRenderer: recordingRenderer(answer) } });
      const result = await h.conductor.generate({ prompt: 'x', thumbnail: true });
      expect(result).toMatchObject({ success: true, status: 'succeeded', thumbnail: null });
      expect(result.warnings).toEqual([
        answer === 'skip'
          ? { type: 'unsupported', field: 'thumbnail', detail: 'no first frame and no ffmpegPath' }
          : { type: 'other', message: 'The thumbnail could not be made: font missing' },
      ]);
    }
  });

  it('without a renderer, a thumbnail request is an unsupported warning', async () => {
    const h = createHarness();
    const result = await h.conductor.generate({ prompt: 'x', thumbnail: true });
    expect(result.warnings).toEqual([{ type: 'unsupported', field: 'thumbnail', detail: 'no thumbnail renderer is configured' }]);
  });
});

import { describe, expect, it } from 'vitest';
import { ModerationError } from '@ring/video-conductor';
import { ScriptedImageProvider } from '@ring/video-conductor/testing';

describe('ScriptedImageProvider', () => {
  it('returns numbered default frames and records every call', async () => {
    const images = new ScriptedImageProvider();
    expect(images).toMatchObject({ id: 'scripted', specificationVersion: 'v1' });
    expect(await images.generateImage({ prompt: 'a fox', aspectRatio: '9:16' })).toEqual({
      url: 'https://scripted.image.test/frame-1.png',
      contentType: 'image/png',
      costUsd: 0.02,
    });
    expect((await images.generateImage({ prompt: 'a hare', model: 'grok-2-image' })).url).toBe('https://scripted.image.test/frame-2.png');
    expect(images.calls).toEqual([{ input: { prompt: 'a fox', aspectRatio: '9:16' } }, { input: { prompt: 'a hare', model: 'grok-2-image' } }]);
  });

  it('plays scripted results and errors by call, then falls back to defaultUrl', async () => {
    const blocked = new ModerationError('prompt blocked', { provider: 'scripted' });
    const data = new Uint8Array([137, 80, 78, 71]);
    const images = new ScriptedImageProvider({
      id: 'frames',
      results: [{ error: blocked }, { data, contentType: 'image/png' }],
      defaultUrl: 'https://cdn.test/frame.png',
    });
    await expect(images.generateImage({ prompt: 'x' })).rejects.toBe(blocked);
    expect(await images.generateImage({ prompt: 'y' })).toEqual({ data, contentType: 'image/png' });
    expect(await images.generateImage({ prompt: 'z' })).toEqual({ url: 'https://cdn.test/frame.png', contentType: 'image/png', costUsd: 0.02 });
    expect(images.id).toBe('frames');
  });

  it('rejects with the reason of an already-aborted signal', async () => {
    const reason = new Error('cancelled');
    await expect(new ScriptedImageProvider().generateImage({ prompt: 'x' }, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
});

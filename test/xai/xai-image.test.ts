import { ModerationError } from '@ring/video-conductor';
import { createXai, createXaiImageProvider, xaiUserAgent } from '@ring/video-conductor/xai';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiBase, fakeSleep, useXaiMockServer } from './xai-test-server.js';

const { server, seen } = useXaiMockServer();
const apiKey = 'xai-test-key-0000000000';
const pngBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const pngBase64 = Buffer.from(pngBytes).toString('base64');

describe('xAI first-frame images on the wire', () => {
  it('response_format url: POST /v1/images/generations, exact headers and body, URL back', async () => {
    server.use(
      http.post(`${apiBase}/images/generations`, () =>
        HttpResponse.json({ data: [{ url: 'https://imgen.x.ai/frame.jpg', revised_prompt: '' }] }),
      ),
    );
    const image = createXaiImageProvider({ apiKey });
    const result = await image.generateImage({ prompt: 'Kyiv skyline at dawn', aspectRatio: '9:16' });
    const [request] = await seen();
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/v1/images/generations');
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toBe(xaiUserAgent);
    expect(JSON.parse(request!.body)).toEqual({
      model: 'grok-imagine-image',
      prompt: 'Kyiv skyline at dawn',
      n: 1,
      response_format: 'url',
      aspect_ratio: '9:16',
    });
    expect(result).toEqual({ url: 'https://imgen.x.ai/frame.jpg', contentType: 'image/jpeg' });
  });

  it('response_format b64_json: bytes in data, content type sniffed, cost ticks converted', async () => {
    server.use(
      http.post(`${apiBase}/images/generations`, () =>
        HttpResponse.json({ data: [{ b64_json: pngBase64 }], usage: { cost_in_usd_ticks: 200_000_000 } }),
      ),
    );
    const { image } = createXai({ apiKey, imageResponseFormat: 'b64_json' });
    const result = await image.generateImage({ prompt: 'A lighthouse', model: 'grok-imagine-image' });
    const [request] = await seen();
    expect(request?.path).toBe('/v1/images/generations');
    expect(JSON.parse(request!.body)).toEqual({
      model: 'grok-imagine-image',
      prompt: 'A lighthouse',
      n: 1,
      response_format: 'b64_json',
    });
    expect(result.url).toBeUndefined();
    expect(result.data).toEqual(pngBytes);
    expect(result.contentType).toBe('image/png');
    expect(result.costUsd).toBeCloseTo(0.02, 10);
  });

  it('a moderated image rejects with ModerationError', async () => {
    server.use(
      http.post(`${apiBase}/images/generations`, () => HttpResponse.json({ data: [{ url: null, respect_moderation: false }] })),
    );
    const error = await createXaiImageProvider({ apiKey })
      .generateImage({ prompt: 'x' })
      .catch((caught: unknown) => caught);
    expect(ModerationError.isInstance(error)).toBe(true);
  });

  it('an answer with neither URL nor bytes is INVALID_RESPONSE', async () => {
    server.use(http.post(`${apiBase}/images/generations`, () => HttpResponse.json({ data: [] })));
    await expect(createXaiImageProvider({ apiKey }).generateImage({ prompt: 'x' })).rejects.toMatchObject({
      name: 'ProviderError',
      code: 'INVALID_RESPONSE',
    });
  });

  it('image generation is billable: a 500 is not re-sent, a 503 is', async () => {
    let calls = 0;
    server.use(http.post(`${apiBase}/images/generations`, () => (calls++, new HttpResponse(null, { status: 500 }))));
    const { sleep } = fakeSleep();
    await expect(createXaiImageProvider({ apiKey, sleep }).generateImage({ prompt: 'x' })).rejects.toMatchObject({
      code: 'SERVER_ERROR',
      status: 500,
    });
    expect(calls).toBe(1);

    calls = 0;
    server.use(
      http.post(`${apiBase}/images/generations`, () =>
        ++calls === 1 ? new HttpResponse(null, { status: 503 }) : HttpResponse.json({ data: [{ url: 'https://imgen.x.ai/f.png' }] }),
      ),
    );
    const result = await createXaiImageProvider({ apiKey, sleep }).generateImage({ prompt: 'x' });
    expect(result).toEqual({ url: 'https://imgen.x.ai/f.png', contentType: 'image/png' });
    expect(calls).toBe(2);
  });
});

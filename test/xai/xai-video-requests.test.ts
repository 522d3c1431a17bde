import type { ProviderVideoInput } from '@ring/video-conductor';
import { createXai, createXaiVideoProvider, xaiUserAgent } from '@ring/video-conductor/xai';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiBase, useXaiMockServer } from './xai-test-server.js';

const { server, seen } = useXaiMockServer();
const apiKey = 'xai-test-key-0000000000';
const requestId = 'd97415a1-5796-b7ec-379f-4e6819e08fdf';

function acceptJobs() {
  for (const path of ['/videos/generations', '/videos/edits', '/videos/extensions']) {
    server.use(http.post(`${apiBase}${path}`, () => HttpResponse.json({ request_id: requestId })));
  }
}

async function submitAndCapture(input: ProviderVideoInput) {
  acceptJobs();
  const video = createXaiVideoProvider({ apiKey });
  const result = await video.submit(input);
  const requests = await seen();
  expect(requests).toHaveLength(1);
  return { result, request: requests[0]! };
}

function expectJsonPostHeaders(headers: Record<string, string>) {
  expect(headers.authorization).toBe(`Bearer ${apiKey}`);
  expect(headers['content-type']).toBe('application/json');
  expect(headers['user-agent']).toBe(xaiUserAgent);
  expect(headers['user-agent']).toMatch(/^ring-video-conductor\/\d+\.\d+\.\d+.* \(xai\)$/);
}

describe('xAI video submit on the wire', () => {
  it('text-to-video: POST /v1/videos/generations with every documented field', async () => {
    const { result, request } = await submitAndCapture({
      operation: 'generate',
      model: 'grok-imagine-video',
      prompt: 'A drone shot over Kyiv at dawn',
      durationSec: 6,
      aspectRatio: '9:16',
      resolution: '480p',
      user: 'user-42',
    });
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/videos/generations');
    expectJsonPostHeaders(request.headers);
    expect(JSON.parse(request.body)).toEqual({
      model: 'grok-imagine-video',
      prompt: 'A drone shot over Kyiv at dawn',
      duration: 6,
      aspect_ratio: '9:16',
      resolution: '480p',
      user: 'user-42',
    });
    expect(result).toEqual({ requestId });
  });

  it('text-to-video with only the required fields sends only them', async () => {
    const { request } = await submitAndCapture({ operation: 'generate', model: 'grok-imagine-video', prompt: 'Waves' });
    expect(JSON.parse(request.body)).toEqual({ model: 'grok-imagine-video', prompt: 'Waves' });
  });

  it('image-to-video: the starting frame as image: { url }', async () => {
    const { result, request } = await submitAndCapture({
      operation: 'generate',
      model: 'grok-imagine-video-1.5',
      prompt: 'The lighthouse beam sweeps',
      durationSec: 8,
      aspectRatio: '16:9',
      resolution: '720p',
      imageUrl: 'https://cdn.example.com/frame.png',
    });
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/videos/generations');
    expectJsonPostHeaders(request.headers);
    expect(JSON.parse(request.body)).toEqual({
      model: 'grok-imagine-video-1.5',
      prompt: 'The lighthouse beam sweeps',
      duration: 8,
      aspect_ratio: '16:9',
      resolution: '720p',
      image: { url: 'https://cdn.example.com/frame.png' },
    });
    expect(result.warnings).toBeUndefined();
  });

  it('edit: POST /v1/videos/edits with video: { url }; ignored fields become warnings and are not sent', async () => {
    const { result, request } = await submitAndCapture({
      operation: 'edit',
      model: 'grok-imagine-video',
      prompt: 'Make it a watercolor',
      sourceVideoUrl: 'https://cdn.example.com/source.mp4',
      durationSec: 8,
      aspectRatio: '16:9',
      resolution: '720p',
      user: 'user-42',
    });
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/videos/edits');
    expectJsonPostHeaders(request.headers);
    expect(JSON.parse(request.body)).toEqual({
      model: 'grok-imagine-video',
      prompt: 'Make it a watercolor',
      video: { url: 'https://cdn.example.com/source.mp4' },
      user: 'user-42',
    });
    expect(result.requestId).toBe(requestId);
    expect(result.warnings?.map((warning) => warning.type === 'unsupported' && warning.field)).toEqual([
      'durationSec',
      'aspectRatio',
      'resolution',
    ]);
    for (const warning of result.warnings ?? []) {
      expect(warning).toMatchObject({ type: 'unsupported', detail: expect.stringMatching(/not sent/) });
    }
  });

  it('extension: POST /v1/videos/extensions, same shape as edits plus duration; aspect ratio and resolution warned', async () => {
    const { result, request } = await submitAndCapture({
      operation: 'extend',
      model: 'grok-imagine-video',
      prompt: 'The camera keeps rising',
      sourceVideoUrl: 'https://cdn.example.com/source.mp4',
      durationSec: 5,
      aspectRatio: '9:16',
      resolution: '480p',
      imageUrl: 'https://cdn.example.com/frame.png',
    });
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/videos/extensions');
    expectJsonPostHeaders(request.headers);
    expect(JSON.parse(request.body)).toEqual({
      model: 'grok-imagine-video',
      prompt: 'The camera keeps rising',
      video: { url: 'https://cdn.example.com/source.mp4' },
      duration: 5,
    });
    expect(result.warnings).toEqual([
      { type: 'unsupported', field: 'aspectRatio', detail: expect.any(String) },
      { type: 'unsupported', field: 'resolution', detail: expect.any(String) },
      { type: 'unsupported', field: 'imageUrl', detail: expect.any(String) },
    ]);
  });

  it('a source video on a generate job is warned about, not sent', async () => {
    const { result, request } = await submitAndCapture({
      operation: 'generate',
      model: 'grok-imagine-video',
      prompt: 'Waves',
      sourceVideoUrl: 'https://cdn.example.com/source.mp4',
    });
    expect(JSON.parse(request.body)).toEqual({ model: 'grok-imagine-video', prompt: 'Waves' });
    expect(result.warnings).toEqual([{ type: 'unsupported', field: 'sourceVideoUrl', detail: expect.any(String) }]);
  });

  it('rejects an edit or extension without a source video, and a fractional duration, before sending anything', async () => {
    const video = createXaiVideoProvider({ apiKey });
    await expect(video.submit({ operation: 'edit', model: 'grok-imagine-video', prompt: 'x' })).rejects.toMatchObject({
      name: 'InvalidRequestError',
      field: 'sourceVideoUrl',
    });
    await expect(video.submit({ operation: 'extend', model: 'grok-imagine-video', prompt: 'x' })).rejects.toMatchObject({
      name: 'InvalidRequestError',
      field: 'sourceVideoUrl',
    });
    await expect(
      video.submit({ operation: 'generate', model: 'grok-imagine-video', prompt: 'x', durationSec: 2.5 }),
    ).rejects.toMatchObject({ name: 'InvalidRequestError', field: 'durationSec' });
    expect(await seen()).toHaveLength(0);
  });

  it('status read: GET /v1/videos/{request_id} with Bearer, user agent, no content type', async () => {
    server.use(http.get(`${apiBase}/videos/:id`, () => HttpResponse.json({ status: 'pending', progress: 5 })));
    const video = createXaiVideoProvider({ apiKey });
    await video.getStatus(requestId);
    const [request] = await seen();
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe(`/v1/videos/${requestId}`);
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
    expect(request?.headers['user-agent']).toBe(xaiUserAgent);
    expect(request?.headers['content-type']).toBeUndefined();
    expect(request?.body).toBe('');
  });

  it('the request id is URL-encoded into the path', async () => {
    server.use(http.get(`${apiBase}/videos/:id`, () => HttpResponse.json({ status: 'pending' })));
    await createXaiVideoProvider({ apiKey }).getStatus('a/b?c');
    const [request] = await seen();
    expect(request?.path).toBe('/v1/videos/a%2Fb%3Fc');
  });

  it('honours baseURL, options.headers and per-call headers (call headers win)', async () => {
    server.use(http.post('https://proxy.example.com/xai/v1/videos/generations', () => HttpResponse.json({ request_id: 'r1' })));
    const video = createXaiVideoProvider({
      apiKey,
      baseURL: 'https://proxy.example.com/xai/v1/',
      headers: { 'X-Team': 'video', 'X-Trace': 'from-options' },
    });
    await video.submit(
      { operation: 'generate', model: 'grok-imagine-video', prompt: 'x' },
      { headers: { 'X-Trace': 'from-call' } },
    );
    const [request] = await seen();
    expect(request?.path).toBe('/xai/v1/videos/generations');
    expect(request?.headers['x-team']).toBe('video');
    expect(request?.headers['x-trace']).toBe('from-call');
    expect(request?.headers.authorization).toBe(`Bearer ${apiKey}`);
  });

  it('uses an injected fetch (and only it)', async () => {
    const calls: Request[] = [];
    const fetch: typeof globalThis.fetch = async (input) => {
      calls.push(input as Request);
      return new Response(JSON.stringify({ request_id: 'from-injected-fetch' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    };
    const { video } = createXai({ apiKey, fetch });
    const result = await video.submit({ operation: 'generate', model: 'grok-imagine-video', prompt: 'x' });
    expect(result.requestId).toBe('from-injected-fetch');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe(`${apiBase}/videos/generations`);
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${apiKey}`);
    expect(await seen()).toHaveLength(0);
  });

  it('a 2xx submit answer without request_id is INVALID_RESPONSE', async () => {
    server.use(http.post(`${apiBase}/videos/generations`, () => HttpResponse.json({ id: 'wrong-field' })));
    await expect(
      createXaiVideoProvider({ apiKey }).submit({ operation: 'generate', model: 'grok-imagine-video', prompt: 'x' }),
    ).rejects.toMatchObject({ name: 'ProviderError', code: 'INVALID_RESPONSE', isRetryable: false });
  });
});

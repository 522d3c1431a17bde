import { inspect } from 'node:util';
import { VideoConductorError } from '@ring/video-conductor';
import { createXaiImageProvider, createXaiVideoProvider } from '@ring/video-conductor/xai';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { apiBase, canaryKey, fakeSleep, rejectionOf, useXaiMockServer } from './xai-test-server.js';

const { server } = useXaiMockServer();
const input = { operation: 'generate', model: 'grok-imagine-video', prompt: 'Waves' } as const;

/** Every way a caller or a logger could look at an error, down its whole cause chain. */
function renderings(error: unknown): string[] {
  const views: string[] = [String(error), JSON.stringify(error) ?? '', inspect(error, { depth: 20, showHidden: true })];
  if (VideoConductorError.isInstance(error)) views.push(JSON.stringify(error.toJSON()));
  let cause: unknown = error;
  for (let depth = 0; depth < 10 && cause !== undefined && cause !== null; depth++) {
    views.push(String(cause), JSON.stringify(cause) ?? '', inspect(cause, { depth: 20, showHidden: true }));
    if (cause instanceof Error) views.push(cause.message, cause.stack ?? '');
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  return views;
}

function expectNoCanary(error: unknown) {
  expect(VideoConductorError.isInstance(error), `not a VideoConductorError: ${String(error)}`).toBe(true);
  for (const view of renderings(error)) {
    expect(view).not.toContain(canaryKey);
    expect(view).not.toContain('KEY-DO-NOT-LEAK');
  }
}

/** A body that echoes the key the way a careless upstream (or proxy) might. */
function echo(request: Request): string {
  return `Rejected ${request.headers.get('authorization')} (key ${canaryKey})`;
}

const provider = () => createXaiVideoProvider({ apiKey: canaryKey, sleep: fakeSleep().sleep, maxRetries: 1, timeoutMs: 100 });

describe('the API key never leaks into errors', () => {
  const cases: Array<[string, Parameters<typeof http.post>[1]]> = [
    ['400 with a body echoing the key', ({ request }) => HttpResponse.json({ code: 'bad', error: echo(request) }, { status: 400 })],
    ['422 echoing the key in prompt context', ({ request }) => HttpResponse.json({ error: { message: `prompt: ${echo(request)}` } }, { status: 422 })],
    ['401 echoing the key', ({ request }) => HttpResponse.json({ error: echo(request) }, { status: 401 })],
    ['403 as plain text', ({ request }) => new HttpResponse(echo(request), { status: 403 })],
    ['429 echoing the key', ({ request }) => HttpResponse.json({ error: echo(request) }, { status: 429, headers: { 'Retry-After': '1' } })],
    ['500 echoing the key', ({ request }) => new HttpResponse(`<html>${echo(request)}</html>`, { status: 500 })],
    ['network error', () => HttpResponse.error()],
    ['malformed JSON echoing the key', ({ request }) => new HttpResponse(`{"request_id": "${echo(request)}`, { status: 200 })],
    [
      'timeout',
      async () => {
        await delay('infinite');
        return HttpResponse.json({});
      },
    ],
  ];

  for (const [name, resolver] of cases) {
    it(`submit: ${name}`, async () => {
      server.use(http.post(`${apiBase}/videos/generations`, resolver));
      expectNoCanary(await rejectionOf(provider().submit(input)));
    });

    it(`status read: ${name}`, async () => {
      server.use(http.get(`${apiBase}/videos/:id`, resolver as Parameters<typeof http.get>[1]));
      expectNoCanary(await rejectionOf(provider().getStatus('req-1')));
    });

    it(`image generation: ${name}`, async () => {
      server.use(http.post(`${apiBase}/images/generations`, resolver));
      const image = createXaiImageProvider({ apiKey: canaryKey, sleep: fakeSleep().sleep, maxRetries: 1, timeoutMs: 100 });
      expectNoCanary(await rejectionOf(image.generateImage({ prompt: 'x' })));
    });
  }

  it('an injected fetch whose error carries the request and the key', async () => {
    const fetch: typeof globalThis.fetch = async (request) => {
      const error = new TypeError('fetch failed', {
        cause: Object.assign(new Error(`connect ECONNREFUSED, auth ${(request as Request).headers.get('authorization')}`), {
          code: 'ECONNREFUSED',
          request,
          apiKey: canaryKey,
        }),
      });
      throw Object.assign(error, { request, headers: { authorization: `Bearer ${canaryKey}` } });
    };
    const video = createXaiVideoProvider({ apiKey: canaryKey, fetch, sleep: fakeSleep().sleep });
    const error = await rejectionOf(video.submit(input));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR' });
    expectNoCanary(error);
  });

  it('a failed job whose message echoes the key is redacted', async () => {
    server.use(
      http.get(`${apiBase}/videos/:id`, ({ request }) =>
        HttpResponse.json({ status: 'failed', error: { code: 'generation_failed', message: echo(request) } }),
      ),
    );
    const status = await provider().getStatus('req-1');
    expect(JSON.stringify(status)).not.toContain(canaryKey);
    expect(status).toMatchObject({ state: 'failed', code: 'generation_failed' });
  });

  it('the missing-key error names no key (and there is none to leak)', async () => {
    vi.stubEnv('XAI_API_KEY', '');
    const error = await rejectionOf(createXaiVideoProvider({ apiKey: '', fetch: async () => Response.json({}) }).getStatus('r'));
    vi.unstubAllEnvs();
    expect(error).toMatchObject({ code: 'MISSING_API_KEY' });
    expectNoCanary(error);
  });
});

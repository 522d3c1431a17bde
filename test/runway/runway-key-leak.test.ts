import { inspect } from 'node:util';
import { VideoConductorError } from '@ring/video-conductor';
import { createRunwayImageProvider, createRunwayVideoProvider } from '@ring/video-conductor/runway';
import { delay, http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { apiBase, canaryKey, fakeSleep, rejectionOf, taskBodies, useRunwayMockServer } from './runway-test-server.js';

const { server } = useRunwayMockServer();
const input = { operation: 'generate', model: 'gen4.5', prompt: 'Waves', durationSec: 5, aspectRatio: '16:9' } as const;

/** Every way a caller or a logger could look at an error, down its whole cause chain. */
function renderings(error: unknown): string[] {
  const views: string[] = [String(error), JSON.stringify(error) ?? '', inspect(error, { depth: 20, showHidden: true })];
  if (VideoConductorError.isInstance(error)) views.push(JSON.stringify(error.toJSON()));
  let cause: unknown = error;
  for (let depth = 0; depth < 10 && cause !== undefined && cause !== null; depth++) {
    views.push(String(cause), JSON.stringify(cause) ?? '', inspect(cause, { depth: 20, showHidden: true }));
    if (cause instanceof Error) views.push(cause.message, cause.stack ?? '');
    cause = typeof cause === 'object' ? (cause as { cause?: unknown }).cause : undefined;
  }
  return views;
}

function expectNoCanary(error: unknown) {
  expect(VideoConductorError.isInstance(error), `not a VideoConductorError: ${String(error)}`).toBe(true);
  for (const view of renderings(error)) {
    expect(view).not.toContain(canaryKey);
    expect(view).not.toContain('DO-NOT-LEAK');
  }
}

/** A body that echoes the key the way a careless upstream (or proxy) might. */
const echo = (request: Request) => `Rejected ${request.headers.get('authorization')} (key ${canaryKey})`;
const options = { apiKey: canaryKey, sleep: fakeSleep().sleep, maxRetries: 1, timeoutMs: 100 };

describe('the Runway secret never leaks into errors', () => {
  const cases: Array<[string, Parameters<typeof http.post>[1]]> = [
    ['400 with a body echoing the key', ({ request }) => HttpResponse.json({ error: echo(request) }, { status: 400 })],
    ['401 echoing the key', ({ request }) => HttpResponse.json({ error: echo(request) }, { status: 401 })],
    ['403 as plain text', ({ request }) => new HttpResponse(echo(request), { status: 403 })],
    ['429 echoing the key', ({ request }) => HttpResponse.json({ error: echo(request) }, { status: 429, headers: { 'Retry-After': '1' } })],
    ['500 echoing the key', ({ request }) => new HttpResponse(`<html>${echo(request)}</html>`, { status: 500 })],
    ['network error', () => HttpResponse.error()],
    ['malformed JSON echoing the key', ({ request }) => new HttpResponse(`{"id": "${echo(request)}`, { status: 200, headers: { 'content-type': 'application/json' } })],
    [
      'timeout',
      async () => {
        await delay('infinite');
        return HttpResponse.json({});
      },
    ],
  ];

  for (const [name, resolver] of cases) {
    it(`create: ${name}`, async () => {
      server.use(http.post(`${apiBase}/v1/text_to_video`, resolver));
      expectNoCanary(await rejectionOf(createRunwayVideoProvider(options).submit(input)));
    });

    it(`task read: ${name}`, async () => {
      server.use(http.get(`${apiBase}/v1/tasks/:id`, resolver as Parameters<typeof http.get>[1]));
      expectNoCanary(await rejectionOf(createRunwayVideoProvider(options).getStatus('task-1')));
    });

    it(`cancel: ${name}`, async () => {
      server.use(http.delete(`${apiBase}/v1/tasks/:id`, resolver as Parameters<typeof http.delete>[1]));
      expectNoCanary(await rejectionOf(createRunwayVideoProvider(options).cancel!('task-1')));
    });

    it(`image generation: ${name}`, async () => {
      server.use(http.post(`${apiBase}/v1/text_to_image`, resolver));
      expectNoCanary(await rejectionOf(createRunwayImageProvider(options).generateImage({ prompt: 'x' })));
    });
  }

  it('a failed task whose message echoes the key is redacted', async () => {
    server.use(http.get(`${apiBase}/v1/tasks/:id`, ({ request }) => HttpResponse.json(taskBodies.failed('task-1', 'INTERNAL', echo(request)))));
    const status = await createRunwayVideoProvider(options).getStatus('task-1');
    expect(status).toMatchObject({ state: 'failed', code: 'INTERNAL' });
    expect(JSON.stringify(status)).not.toContain(canaryKey);
  });

  it('the SDK logs nothing, even with RUNWAYML_LOG=debug', async () => {
    vi.stubEnv('RUNWAYML_LOG', 'debug');
    const spies = (['log', 'info', 'debug', 'warn', 'error'] as const).map((method) => vi.spyOn(console, method).mockImplementation(() => {}));
    server.use(http.post(`${apiBase}/v1/text_to_video`, ({ request }) => HttpResponse.json({ error: echo(request) }, { status: 500 })));
    await rejectionOf(createRunwayVideoProvider({ ...options, maxRetries: 0 }).submit(input));
    const calls = spies.flatMap((spy) => spy.mock.calls);
    for (const spy of spies) spy.mockRestore();
    vi.unstubAllEnvs();
    expect(calls).toEqual([]);
  });

  it('the missing-key error names the variable and no key', async () => {
    vi.stubEnv('RUNWAYML_API_SECRET', '');
    const error = await rejectionOf(createRunwayVideoProvider({ fetch: async () => Response.json({}) }).getStatus('t'));
    vi.unstubAllEnvs();
    expect(error).toMatchObject({ code: 'MISSING_API_KEY', field: 'apiKey', message: expect.stringContaining('RUNWAYML_API_SECRET') });
    expectNoCanary(error);
  });
});

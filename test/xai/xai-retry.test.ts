import net from 'node:net';
import { createXaiImageProvider, createXaiVideoProvider } from '@ring/video-conductor/xai';
import { delay, http, HttpResponse, passthrough } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { apiBase, fakeSleep, neverEndingSleep, rejectionOf, useXaiMockServer } from './xai-test-server.js';

const { server, seen } = useXaiMockServer();
const apiKey = 'xai-test-key-0000000000';
const requestId = 'req-retry-1';
const input = { operation: 'generate', model: 'grok-imagine-video', prompt: 'Waves' } as const;
const done = { status: 'done', video: { url: 'https://vidgen.x.ai/v.mp4', duration: 6 }, usage: { cost_in_usd_ticks: 3_000_000_000 } };

function sequence(...responses: Array<() => Response | Promise<Response>>) {
  let index = 0;
  return () => responses[Math.min(index++, responses.length - 1)]!();
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A loopback port nothing listens on: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A loopback server that accepts connections and resets them (TCP RST) once a request arrived. */
async function resettingServer(): Promise<{ port: number; connections: () => number }> {
  let connections = 0;
  const resetter = net.createServer((socket) => {
    connections += 1;
    socket.once('data', () => socket.resetAndDestroy());
  });
  await new Promise<void>((resolve) => resetter.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => resetter.close(() => resolve())));
  return { port: (resetter.address() as net.AddressInfo).port, connections: () => connections };
}

describe('status reads retry', () => {
  it('503 twice then done → one result, 3 GETs seen, backoff with jitter between them', async () => {
    server.use(
      http.get(
        `${apiBase}/videos/${requestId}`,
        sequence(
          () => new HttpResponse(null, { status: 503 }),
          () => new HttpResponse(null, { status: 503 }),
          () => HttpResponse.json(done),
        ),
      ),
    );
    const fake = fakeSleep();
    const status = await createXaiVideoProvider({ apiKey, sleep: fake.sleep, random: () => 0.5 }).getStatus(requestId);
    expect(status).toEqual({ state: 'done', video: { url: 'https://vidgen.x.ai/v.mp4', durationSec: 6 }, usage: { costUsd: 0.3 } });
    const requests = await seen();
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      `GET /v1/videos/${requestId}`,
      `GET /v1/videos/${requestId}`,
      `GET /v1/videos/${requestId}`,
    ]);
    expect(fake.waits).toHaveLength(2);
    expect(fake.waits[1]!).toBeGreaterThan(fake.waits[0]!);
  });

  it('jitter comes from the injected random source', async () => {
    const waitsWith = async (random: () => number) => {
      server.use(
        http.get(`${apiBase}/videos/${requestId}`, sequence(() => new HttpResponse(null, { status: 502 }), () => HttpResponse.json(done))),
      );
      const fake = fakeSleep();
      await createXaiVideoProvider({ apiKey, sleep: fake.sleep, random }).getStatus(requestId);
      return fake.waits[0]!;
    };
    expect(await waitsWith(() => 0)).toBeLessThan(await waitsWith(() => 0.99));
  });

  it('429 with Retry-After: 2 waits ≥ 2000 ms of (fake) sleep before the retry', async () => {
    server.use(
      http.get(
        `${apiBase}/videos/${requestId}`,
        sequence(
          () => HttpResponse.json({ error: 'slow down' }, { status: 429, headers: { 'Retry-After': '2' } }),
          () => HttpResponse.json({ status: 'pending', progress: 50 }),
        ),
      ),
    );
    const fake = fakeSleep();
    const status = await createXaiVideoProvider({ apiKey, sleep: fake.sleep }).getStatus(requestId);
    expect(status).toEqual({ state: 'pending', progress: 50 });
    expect(fake.waits).toEqual([2000]);
    expect(fake.total()).toBeGreaterThanOrEqual(2000);
    expect(await seen()).toHaveLength(2);
  });

  it('503 with Retry-After is honoured too', async () => {
    server.use(
      http.get(
        `${apiBase}/videos/${requestId}`,
        sequence(() => new HttpResponse(null, { status: 503, headers: { 'Retry-After': '4' } }), () => HttpResponse.json(done)),
      ),
    );
    const fake = fakeSleep();
    await createXaiVideoProvider({ apiKey, sleep: fake.sleep }).getStatus(requestId);
    expect(fake.waits).toEqual([4000]);
  });

  it('gives up after maxRetries and rejects with the last error', async () => {
    let calls = 0;
    server.use(http.get(`${apiBase}/videos/${requestId}`, () => (calls++, new HttpResponse(null, { status: 500 }))));
    const error = await rejectionOf(createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep, maxRetries: 3 }).getStatus(requestId));
    expect(error).toMatchObject({ name: 'ProviderError', code: 'SERVER_ERROR', status: 500, requestId });
    expect(calls).toBe(4);
  });

  it('maxRetries 0 disables retries', async () => {
    let calls = 0;
    server.use(http.get(`${apiBase}/videos/${requestId}`, () => (calls++, new HttpResponse(null, { status: 503 }))));
    await rejectionOf(createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep, maxRetries: 0 }).getStatus(requestId));
    expect(calls).toBe(1);
  });

  it('a timed-out status read is retried (reads are safe)', async () => {
    server.use(
      http.get(
        `${apiBase}/videos/${requestId}`,
        sequence(async () => {
          await delay('infinite');
          return HttpResponse.json(done);
        }, () => HttpResponse.json(done)),
      ),
    );
    const status = await createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep, timeoutMs: 100 }).getStatus(requestId);
    expect(status.state).toBe('done');
    expect(await seen()).toHaveLength(2);
  });

  it('a reset connection on a status read is retried', async () => {
    const { port, connections } = await resettingServer();
    server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
    const error = await rejectionOf(
      createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep, baseURL: `http://127.0.0.1:${port}/v1` }).getStatus(requestId),
    );
    expect(error).toMatchObject({ name: 'ProviderError', code: 'NETWORK_ERROR', isRetryable: true });
    expect(connections()).toBe(3);
  });
});

describe('billable POSTs are re-sent only when no job can have started', () => {
  it('a POST that times out after sending is NOT re-sent: exactly 1 POST, ProviderError TIMEOUT', async () => {
    server.use(
      http.post(`${apiBase}/videos/generations`, async () => {
        await delay('infinite');
        return HttpResponse.json({ request_id: 'never' });
      }),
    );
    const fake = fakeSleep();
    const error = await rejectionOf(createXaiVideoProvider({ apiKey, sleep: fake.sleep, timeoutMs: 100 }).submit(input));
    expect(error).toMatchObject({ name: 'ProviderError', code: 'TIMEOUT', isRetryable: true, provider: 'xai' });
    expect((error as Error).message).toBe('POST /v1/videos/generations timed out after 100 ms');
    const requests = await seen();
    expect(requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(fake.waits).toEqual([]);
  });

  for (const status of [500, 502, 504]) {
    it(`a POST answered ${status} is NOT re-sent`, async () => {
      let calls = 0;
      server.use(http.post(`${apiBase}/videos/generations`, () => (calls++, new HttpResponse(null, { status }))));
      const error = await rejectionOf(createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep }).submit(input));
      expect(error).toMatchObject({ name: 'ProviderError', status, code: 'SERVER_ERROR' });
      expect(calls).toBe(1);
    });
  }

  it('a POST whose connection is reset is NOT re-sent', async () => {
    const { port, connections } = await resettingServer();
    server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
    const error = await rejectionOf(
      createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep, baseURL: `http://127.0.0.1:${port}/v1` }).submit(input),
    );
    expect(error).toMatchObject({ name: 'ProviderError', code: 'NETWORK_ERROR' });
    expect(connections()).toBe(1);
  });

  it('a POST answered 429 is re-sent (after Retry-After)', async () => {
    server.use(
      http.post(
        `${apiBase}/videos/generations`,
        sequence(
          () => HttpResponse.json({ error: 'rate limited' }, { status: 429, headers: { 'Retry-After': '1' } }),
          () => HttpResponse.json({ request_id: 'accepted-after-429' }),
        ),
      ),
    );
    const fake = fakeSleep();
    const result = await createXaiVideoProvider({ apiKey, sleep: fake.sleep }).submit(input);
    expect(result).toEqual({ requestId: 'accepted-after-429' });
    const requests = await seen();
    expect(requests).toHaveLength(2);
    expect(requests[1]!.body).toBe(requests[0]!.body);
    expect(fake.waits).toEqual([1000]);
  });

  it('a POST answered 503 is re-sent', async () => {
    server.use(
      http.post(
        `${apiBase}/videos/generations`,
        sequence(
          () => new HttpResponse(null, { status: 503 }),
          () => new HttpResponse(null, { status: 503 }),
          () => HttpResponse.json({ request_id: 'accepted-after-503' }),
        ),
      ),
    );
    const result = await createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep }).submit(input);
    expect(result.requestId).toBe('accepted-after-503');
    expect(await seen()).toHaveLength(3);
  });

  it('a POST that keeps getting 429 gives up after maxRetries with RateLimitError', async () => {
    let calls = 0;
    server.use(http.post(`${apiBase}/videos/generations`, () => (calls++, new HttpResponse(null, { status: 429 }))));
    const error = await rejectionOf(createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep, maxRetries: 2 }).submit(input));
    expect(error).toMatchObject({ name: 'RateLimitError' });
    expect(calls).toBe(3);
  });

  it('a Retry-After longer than a minute is handed to the caller instead of blocking', async () => {
    let calls = 0;
    server.use(
      http.post(`${apiBase}/videos/generations`, () => (calls++, new HttpResponse(null, { status: 429, headers: { 'Retry-After': '600' } }))),
    );
    const fake = fakeSleep();
    const error = await rejectionOf(createXaiVideoProvider({ apiKey, sleep: fake.sleep }).submit(input));
    expect(error).toMatchObject({ name: 'RateLimitError', retryAfterMs: 600_000 });
    expect(calls).toBe(1);
    expect(fake.waits).toEqual([]);
  });

  it('a refused connection (ECONNREFUSED: nothing was sent) is re-sent', async () => {
    const port = await closedPort();
    server.use(http.all(`http://127.0.0.1:${port}/*`, () => passthrough()));
    const fake = fakeSleep();
    const error = await rejectionOf(
      createXaiVideoProvider({ apiKey, sleep: fake.sleep, baseURL: `http://127.0.0.1:${port}/v1` }).submit(input),
    );
    expect(error).toMatchObject({ name: 'ProviderError', code: 'NETWORK_ERROR', isRetryable: true });
    expect((error as Error).message).toBe('POST /v1/videos/generations failed: network error (ECONNREFUSED)');
    expect(await seen()).toHaveLength(3);
    expect(fake.waits).toHaveLength(2);
  });

  it('a refused connection followed by success yields the job', async () => {
    let calls = 0;
    const fetch: typeof globalThis.fetch = async () => {
      calls += 1;
      if (calls === 1) {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }),
        });
      }
      return Response.json({ request_id: 'second-try' });
    };
    const result = await createXaiVideoProvider({ apiKey, fetch, sleep: fakeSleep().sleep }).submit(input);
    expect(result.requestId).toBe('second-try');
    expect(calls).toBe(2);
  });

  it('the image generation POST follows the same rule (429 re-sent, timeout not)', async () => {
    server.use(
      http.post(
        `${apiBase}/images/generations`,
        sequence(
          () => new HttpResponse(null, { status: 429 }),
          async () => {
            await delay('infinite');
            return HttpResponse.json({});
          },
        ),
      ),
    );
    const error = await rejectionOf(createXaiImageProvider({ apiKey, sleep: fakeSleep().sleep, timeoutMs: 100 }).generateImage({ prompt: 'x' }));
    expect(error).toMatchObject({ code: 'TIMEOUT' });
    expect(await seen()).toHaveLength(2);
  });
});

describe('abort', () => {
  it('stops a status read waiting between retries at once: no further request, rejects with the reason', async () => {
    let calls = 0;
    server.use(http.get(`${apiBase}/videos/${requestId}`, () => (calls++, new HttpResponse(null, { status: 503 }))));
    const controller = new AbortController();
    const reason = new Error('user cancelled');
    let startedSleeping!: () => void;
    const sleeping = new Promise<void>((resolve) => (startedSleeping = resolve));
    const video = createXaiVideoProvider({ apiKey, sleep: neverEndingSleep(() => startedSleeping()) });
    const promise = video.getStatus(requestId, { signal: controller.signal });
    await sleeping;
    controller.abort(reason);
    expect(await rejectionOf(promise)).toBe(reason);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(1);
  });

  it('stops an in-flight status read at once and rejects with the reason', async () => {
    let calls = 0;
    server.use(
      http.get(`${apiBase}/videos/${requestId}`, async () => {
        calls += 1;
        await delay('infinite');
        return HttpResponse.json(done);
      }),
    );
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const promise = createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep }).getStatus(requestId, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = Date.now();
    controller.abort(reason);
    expect(await rejectionOf(promise)).toBe(reason);
    expect(Date.now() - started).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(1);
  });

  it('an already-aborted signal sends nothing', async () => {
    const reason = new Error('too late');
    const signal = AbortSignal.abort(reason);
    const video = createXaiVideoProvider({ apiKey });
    expect(await rejectionOf(video.submit(input, { signal }))).toBe(reason);
    expect(await rejectionOf(video.getStatus(requestId, { signal }))).toBe(reason);
    expect(await rejectionOf(createXaiImageProvider({ apiKey }).generateImage({ prompt: 'x' }, { signal }))).toBe(reason);
    expect(await seen()).toHaveLength(0);
  });

  it('aborting a submit in flight rejects with the reason and does not re-send', async () => {
    server.use(
      http.post(`${apiBase}/videos/generations`, async () => {
        await delay('infinite');
        return HttpResponse.json({ request_id: 'x' });
      }),
    );
    const controller = new AbortController();
    const promise = createXaiVideoProvider({ apiKey, sleep: fakeSleep().sleep }).submit(input, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 30));
    controller.abort('stop');
    expect(await rejectionOf(promise)).toBe('stop');
    expect(await seen()).toHaveLength(1);
  });
});

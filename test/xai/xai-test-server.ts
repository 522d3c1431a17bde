import type { Sleep } from '@ring/video-conductor';
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** The default base URL, as the adapter builds it. */
export const apiBase = 'https://api.x.ai/v1';
/** A key that must never show up in anything a caller can see. */
export const canaryKey = 'xai-canary-KEY-DO-NOT-LEAK-1234567890';

/** One request as it reached the wire. */
export interface SeenRequest {
  method: string;
  /** Path and query, e.g. `/v1/videos/generations`. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Starts an msw server for the test file and records every request that reaches it,
 * handled or not, in order. An unhandled request fails the test: msw 3's
 * `onUnhandledFrame: 'error'` only logs and turns the request into a network error, which
 * an adapter maps to `NETWORK_ERROR` — so it is also asserted after each test.
 */
export function useXaiMockServer(): { server: SetupServer; seen: () => Promise<SeenRequest[]> } {
  const server = setupServer();
  let pending: Promise<SeenRequest>[] = [];
  let unhandled: string[] = [];
  server.events.on('request:unhandled', ({ request }) => {
    unhandled.push(`${request.method} ${request.url}`);
  });
  server.events.on('request:start', ({ request }) => {
    const clone = request.clone();
    pending.push(
      clone.text().then((body) => ({
        method: request.method,
        path: new URL(request.url).pathname + new URL(request.url).search,
        headers: Object.fromEntries(request.headers),
        body,
      })),
    );
  });
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    pending = [];
    const found = unhandled;
    unhandled = [];
    expect(found, 'requests without an msw handler').toEqual([]);
  });
  afterAll(() => server.close());
  return { server, seen: () => Promise.all(pending) };
}

/** A sleep on fake time: records each wait and returns at once (unless aborted). */
export function fakeSleep(): { sleep: Sleep; waits: number[]; total: () => number } {
  const waits: number[] = [];
  const sleep: Sleep = async (ms, signal) => {
    signal?.throwIfAborted();
    waits.push(ms);
  };
  return { sleep, waits, total: () => waits.reduce((sum, ms) => sum + ms, 0) };
}

/** A sleep that never ends until its signal aborts (then rejects with the reason). */
export function neverEndingSleep(onSleep?: (ms: number) => void): Sleep {
  return (ms, signal) =>
    new Promise<void>((_resolve, reject) => {
      onSleep?.(ms);
      if (signal?.aborted) return reject(signal.reason);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
}

/** Resolves with the rejection of `promise` (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

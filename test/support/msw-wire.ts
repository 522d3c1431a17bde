import type { RequestHandler } from 'msw';
import { setupServer, type SetupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** One request as it reached the wire. */
export interface WireRequest {
  method: string;
  /** Path and query, e.g. `/v1/videos/generations`. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * An msw 3 server for the test file that records every request reaching it. It listens with
 * `onUnhandledFrame: 'error'`, which only logs and fails the request as a network error — so
 * every `request:unhandled` event is also collected and asserted empty after each test.
 *
 * @param handlers Handlers of every test in the file; `server.use()` adds per-test ones.
 */
export function useMswWire(...handlers: RequestHandler[]): { server: SetupServer; wire: () => Promise<WireRequest[]> } {
  const server = setupServer(...handlers);
  let pending: Promise<WireRequest>[] = [];
  let unhandled: string[] = [];
  server.events.on('request:unhandled', ({ request }) => {
    unhandled.push(`${request.method} ${request.url}`);
  });
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    pending.push(
      request
        .clone()
        .text()
        .then((body) => ({ method: request.method, path: url.pathname + url.search, headers: Object.fromEntries(request.headers), body })),
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
  return { server, wire: () => Promise.all(pending) };
}

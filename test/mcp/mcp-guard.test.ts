import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidRequestError } from '@ring/video-conductor';
import { afterEach, describe, expect, it, vi } from 'vitest';

// Count the constant-time comparisons the guard makes (the real function still answers).
const comparisons = vi.hoisted(() => ({ count: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      comparisons.count += 1;
      return actual.timingSafeEqual(a, b);
    },
  };
});

const { withMcpGuard, tokensFromEnv } = await import('@ring/video-conductor/mcp');

const tokens = ['token-one-1111', 'token-two-2222', 'token-three-3333'];
let server: Server | undefined;

/** Serves `withMcpGuard` around a handler that answers 200 and counts the requests it got. */
async function serveGuarded(): Promise<{ url: string; reached: () => number }> {
  let reached = 0;
  server = createServer(
    withMcpGuard(
      (_request, response) => {
        reached += 1;
        response.writeHead(200).end('ok');
      },
      { tokens },
    ),
  );
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/mcp`, reached: () => reached };
}

afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe('withMcpGuard', () => {
  it('compares the presented token with every accepted token, whether it matches the first one, the last one or none', async () => {
    const { url, reached } = await serveGuarded();
    for (const [authorization, status] of [
      [`Bearer ${tokens[0]}`, 200],
      [`Bearer ${tokens[2]}`, 200],
      ['Bearer token-one-111X', 401],
      [undefined, 401],
    ] as const) {
      comparisons.count = 0;
      const response = await fetch(url, { headers: authorization === undefined ? {} : { Authorization: authorization } });
      await response.text();
      expect(response.status, String(authorization)).toBe(status);
      expect(comparisons.count, String(authorization)).toBe(tokens.length);
    }
    expect(reached()).toBe(2);
  });

  it('answers 401 with the Bearer challenge and a JSON body, and the handler never runs', async () => {
    const { url, reached } = await serveGuarded();
    const response = await fetch(url, { method: 'POST', headers: { Authorization: 'Bearer nope' }, body: 'x'.repeat(100_000) });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="ring-video-conductor"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toMatchObject({ error: { message: expect.stringContaining('Bearer') } });
    expect(reached()).toBe(0);
  });

  it('refuses an empty token list with a typed error', () => {
    const refuse = () => withMcpGuard(() => {}, { tokens: [] });
    expect(refuse).toThrow(InvalidRequestError);
    try {
      refuse();
    } catch (error) {
      expect(error).toMatchObject({ code: 'MCP_TOKENS_MISSING', field: 'tokens', isRetryable: false });
    }
  });

  it('refuses empty tokens and tokens with whitespace, naming the position but not the value', () => {
    for (const [list, field] of [
      [['fine-token', ''], 'tokens[1]'],
      [['secret with-space'], 'tokens[0]'],
    ] as const) {
      let failure: unknown;
      try {
        withMcpGuard(() => {}, { tokens: list });
      } catch (error) {
        failure = error;
      }
      expect(failure).toMatchObject({ code: 'MCP_TOKEN_INVALID', field });
      expect(String((failure as Error).message)).not.toContain('secret');
    }
  });
});

describe('tokensFromEnv', () => {
  it('splits RING_MCP_SERVICE_TOKENS on commas, trims, drops empty entries and duplicates', () => {
    expect(tokensFromEnv({ RING_MCP_SERVICE_TOKENS: ' a-token , b-token,,a-token, ' })).toEqual(['a-token', 'b-token']);
  });

  it('returns no tokens when the variable is unset or blank', () => {
    expect(tokensFromEnv({})).toEqual([]);
    expect(tokensFromEnv({ RING_MCP_SERVICE_TOKENS: '  ' })).toEqual([]);
  });
});

import { InvalidRequestError } from '@ring/video-conductor';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { serveMcpHttp, tokensFromEnv, type McpHttpServer } from '@ring/video-conductor/mcp';
import { canaryToken, findCanary } from './canary-token.js';
import { createMcpTestConductor } from './mcp-test-conductor.js';

/** The multi-token list, as an operator would set it; the canary sits in the middle. */
const env = { RING_MCP_SERVICE_TOKENS: `first-service-token-aaaa, ${canaryToken} ,last-service-token-zzzz` };
const lastToken = 'last-service-token-zzzz';
/** The canary with only its last character changed. */
const nearMiss = `${canaryToken.slice(0, -1)}${canaryToken.endsWith('0') ? '1' : '0'}`;

const initializeBody = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-fetch', version: '1' } },
});

let server: McpHttpServer;
/** Everything that came back to a client or went to a log, for the canary check. */
const seen: Record<string, unknown> = {};
let logSpies: ReturnType<typeof vi.spyOn>[] = [];
const logged: unknown[][] = [];

/** A raw POST of `initialize`; records status, headers and body. */
async function postInitialize(label: string, authorization: string | undefined): Promise<{ status: number; headers: Headers; body: string }> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
  if (authorization !== undefined) headers.Authorization = authorization;
  const response = await fetch(server.url, { method: 'POST', headers, body: initializeBody });
  const body = await response.text();
  seen[`${label} body`] = body;
  seen[`${label} headers`] = JSON.stringify([...response.headers.entries()]);
  return { status: response.status, headers: response.headers, body };
}

beforeAll(async () => {
  server = await serveMcpHttp({
    conductor: createMcpTestConductor().conductor,
    port: 0,
    tokens: tokensFromEnv(env),
    // What a host would log: everything the tools report.
    onError: (error, context) => console.error('mcp error', context, error),
  });
});

afterAll(async () => {
  await server?.close();
});

beforeEach(() => {
  // Capture every log line and stderr write of the server (it runs in this process).
  logSpies = [
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logged.push([level, ...args]);
      }),
    ),
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      logged.push(['stderr', String(chunk)]);
      return true;
    }),
  ];
});

afterEach(() => {
  for (const spy of logSpies) spy.mockRestore();
});

describe('bearer gate of serveMcpHttp', () => {
  it('tokensFromEnv reads the comma separated list, trimming spaces', () => {
    expect(tokensFromEnv(env)).toEqual(['first-service-token-aaaa', canaryToken, lastToken]);
  });

  it('answers 401 with WWW-Authenticate: Bearer and a JSON body without a token, with a wrong one, and with one off by its last character', async () => {
    const cases: [string, string | undefined][] = [
      ['no token', undefined],
      ['wrong token', 'Bearer not-a-service-token'],
      ['near miss', `Bearer ${nearMiss}`],
      ['basic scheme', `Basic ${Buffer.from(`user:${canaryToken}`).toString('base64')}`],
      ['empty bearer', 'Bearer '],
    ];
    for (const [label, authorization] of cases) {
      const { status, headers, body } = await postInitialize(label, authorization);
      expect(status, label).toBe(401);
      expect(headers.get('www-authenticate'), label).toBe('Bearer realm="ring-video-conductor"');
      expect(headers.get('content-type'), label).toBe('application/json');
      expect(JSON.parse(body), label).toMatchObject({ jsonrpc: '2.0', error: { code: -32001, message: expect.stringContaining('Unauthorized') }, id: null });
      expect(body, label).not.toContain(nearMiss);
      expect(body, label).not.toContain('not-a-service-token');
    }
    expect(server.sessionCount).toBe(0);
  });

  it('guards every path, not only /mcp', async () => {
    const response = await fetch(new URL('/anything-else', server.url), { method: 'GET' });
    seen['other path body'] = await response.text();
    expect(response.status).toBe(401);
  });

  it('lets a valid token from the multi-token list through: 200 over raw fetch, and an MCP Client lists the tools', async () => {
    for (const [label, token] of [
      ['canary token', canaryToken],
      ['last token', lastToken],
    ] as const) {
      const { status, body } = await postInitialize(label, `Bearer ${token}`);
      expect(status, label).toBe(200);
      expect(body, label).toContain('ring-video-conductor');
    }
    const lowercaseScheme = await postInitialize('lowercase scheme', `bearer ${lastToken}`);
    expect(lowercaseScheme.status).toBe(200);

    const client = new Client({ name: 'auth-test', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${canaryToken}` } } }));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(['ring-video-create', 'ring-video-status']);
    const created = await client.callTool({ name: 'ring-video-create', arguments: { prompt: 'Behind the gate', durationSec: 2 } });
    seen['tool answer'] = created;
    expect(created.isError).toBeFalsy();
    const invalid = await client.callTool({ name: 'ring-video-create', arguments: { prompt: 'Invalid', aspectRatio: '5:4' } });
    seen['tool error'] = invalid;
    expect(invalid.isError).toBe(true);
    await client.close();
  });

  it('an MCP Client with the near-miss token cannot connect, and its error does not echo the token', async () => {
    const client = new Client({ name: 'auth-test-wrong', version: '1.0.0' });
    const failure = await client
      .connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${nearMiss}` } } }))
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure)).toMatch(/401|Unauthorized/);
    expect(String(failure)).not.toContain(nearMiss);
    seen['client error'] = failure;
    await client.close();
  });

  it('refuses to start without tokens (typed error, nothing listens), and never echoes a malformed token', async () => {
    for (const tokens of [[], tokensFromEnv({}), tokensFromEnv({ RING_MCP_SERVICE_TOKENS: ' , ' })]) {
      const failure = await serveMcpHttp({ conductor: createMcpTestConductor().conductor, port: 0, tokens }).then(
        (started) => started.close().then(() => 'started'),
        (error: unknown) => error,
      );
      expect(InvalidRequestError.isInstance(failure)).toBe(true);
      expect(failure).toMatchObject({ code: 'MCP_TOKENS_MISSING', field: 'tokens' });
      expect(String((failure as Error).message)).toContain('RING_MCP_SERVICE_TOKENS');
    }
    const malformed = await serveMcpHttp({ conductor: createMcpTestConductor().conductor, port: 0, tokens: ['ok-token', `has space ${canaryToken}`] }).then(
      (started) => started.close().then(() => 'started'),
      (error: unknown) => error,
    );
    expect(malformed).toMatchObject({ code: 'MCP_TOKEN_INVALID', field: 'tokens[1]' });
    seen['malformed token error'] = malformed;
  });

  it('the canary token never appears in a response body, header, log line or error', () => {
    seen['logs'] = logged;
    // The checks above must have produced material to look at.
    expect(Object.keys(seen).length).toBeGreaterThanOrEqual(15);
    expect(findCanary(seen)).toEqual([]);
  });
});

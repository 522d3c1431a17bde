import { request as httpRequest } from 'node:http';
import { createVideoConductor, InvalidRequestError, MemoryLedger } from '@ring/video-conductor';
import { MemoryStorage, ScriptedVideoProvider, scriptedDone } from '@ring/video-conductor/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFailedAuthThrottle, serveMcpHttp, tokensFromEnv, type McpHttpServer } from '@ring/video-conductor/mcp';
import { createMcpTestConductor } from './mcp-test-conductor.js';

const initializeBody = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-http', version: '1' } },
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw `initialize` POST with node:http, which (unlike fetch) lets the test set `Host`. */
function postInitialize(url: string, headers: Record<string, string>): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers } },
      (response) => {
        let body = '';
        response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end(initializeBody);
  });
}

async function connect(url: string, token: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = new Client({ name: 'hardening-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport };
}

const started: McpHttpServer[] = [];
const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close().catch(() => undefined);
  for (const server of started.splice(0)) await server.close();
});
async function serve(options: Omit<Parameters<typeof serveMcpHttp>[0], 'conductor' | 'port'> & { conductor?: Parameters<typeof serveMcpHttp>[0]['conductor'] }) {
  const server = await serveMcpHttp({ conductor: createMcpTestConductor().conductor, port: 0, ...options });
  started.push(server);
  return server;
}

describe('Host and Origin allow-list (DNS rebinding)', () => {
  it('on loopback, answers 403 to a foreign Host or Origin before looking at the token, and accepts the loopback names', async () => {
    const server = await serve({ tokens: ['host-token-1234'] });
    const port = new URL(server.url).port;
    const auth = { Authorization: 'Bearer host-token-1234' };
    expect((await postInitialize(server.url, { ...auth, Host: `evil.example:${port}` })).status).toBe(403);
    expect((await postInitialize(server.url, { ...auth, Host: `127.0.0.1:${port}`, Origin: 'http://evil.example' })).status).toBe(403);
    expect((await postInitialize(server.url, { ...auth, Host: `127.0.0.1:${port}`, Origin: 'null' })).status).toBe(403);
    const forbidden = await postInitialize(server.url, { Host: 'rebound.example' });
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.body)).toMatchObject({ jsonrpc: '2.0', error: { message: expect.stringContaining('Forbidden') } });
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `LOCALHOST:${port}`]) {
      expect((await postInitialize(server.url, { ...auth, Host: host, Origin: `http://localhost:${port}` })).status, host).toBe(200);
    }
  });

  it('refuses to bind beyond loopback without allowedHosts; with them, only those names pass', async () => {
    const failure = await serveMcpHttp({ conductor: createMcpTestConductor().conductor, port: 0, host: '0.0.0.0', tokens: ['wide-token-1234'] }).then(
      (server) => server.close().then(() => 'started'),
      (error: unknown) => error,
    );
    expect(InvalidRequestError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ code: 'MCP_ALLOWED_HOSTS_MISSING', field: 'allowedHosts' });
    const invalid = await serveMcpHttp({ conductor: createMcpTestConductor().conductor, port: 0, tokens: ['wide-token-1234'], allowedHosts: ['https://x.example/'] }).then(
      (server) => server.close().then(() => 'started'),
      (error: unknown) => error,
    );
    expect(invalid).toMatchObject({ code: 'MCP_ALLOWED_HOST_INVALID', field: 'allowedHosts[0]' });

    const server = await serve({ host: '0.0.0.0', tokens: ['wide-token-1234'], allowedHosts: ['mcp.example.com'] });
    const url = server.url.replace('0.0.0.0', '127.0.0.1');
    const auth = { Authorization: 'Bearer wide-token-1234' };
    expect((await postInitialize(url, { ...auth, Host: 'mcp.example.com' })).status).toBe(200);
    expect((await postInitialize(url, { ...auth, Host: 'MCP.example.com:443', Origin: 'https://mcp.example.com' })).status).toBe(200);
    expect((await postInitialize(url, { ...auth, Host: '127.0.0.1' })).status).toBe(403);
  });
});

describe('failed-auth throttling per client address', () => {
  it('after maxFailures refusals answers 429 with Retry-After to every request of the address, a valid token included, until the window passes', async () => {
    let now = 1_000_000;
    const server = await serve({ tokens: ['right-token-1234'], failedAuth: { maxFailures: 3, windowMs: 60_000, now: () => now } });
    const wrong = { Authorization: 'Bearer wrong-token-1234' };
    expect((await postInitialize(server.url, wrong)).status).toBe(401);
    expect((await postInitialize(server.url, wrong)).status).toBe(401);
    const third = await postInitialize(server.url, wrong);
    expect(third.status).toBe(429);
    expect(third.headers['retry-after']).toBe('60');
    now += 20_000;
    const valid = await postInitialize(server.url, { Authorization: 'Bearer right-token-1234' });
    expect(valid.status).toBe(429);
    expect(valid.headers['retry-after']).toBe('40');
    expect(valid.body).not.toContain('right-token-1234');
    now += 40_000;
    expect((await postInitialize(server.url, { Authorization: 'Bearer right-token-1234' })).status).toBe(200);
    // A success cleared the count: two more failures are only 401s.
    expect((await postInitialize(server.url, wrong)).status).toBe(401);
    expect((await postInitialize(server.url, wrong)).status).toBe(401);
  });

  it('counts addresses apart and keeps at most maxClients of them in memory', () => {
    let now = 0;
    const throttle = createFailedAuthThrottle({ maxFailures: 2, windowMs: 1000, maxClients: 100, now: () => now });
    throttle.fail('198.51.100.1');
    expect(throttle.fail('198.51.100.1')).toBe(1);
    expect(throttle.retryAfterSec('198.51.100.2')).toBe(0);
    for (let index = 0; index < 5000; index++) throttle.fail(`10.0.${index >> 8}.${index & 255}`);
    expect(throttle.size).toBeLessThanOrEqual(100);
    now += 1000;
    expect(throttle.retryAfterSec('10.0.19.135')).toBe(0);
  });
});

describe('sessions per caller', () => {
  it('one token at its session cap gets 429 and does not lock out another token; a session answers only the token that opened it', async () => {
    const server = await serve({ tokens: ['token-of-a-1234', 'token-of-b-1234'], maxSessions: 2 });
    const a = await connect(server.url, 'token-of-a-1234');
    clients.push(a.client);
    const second = await postInitialize(server.url, { Authorization: 'Bearer token-of-a-1234' });
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('60');
    const b = await connect(server.url, 'token-of-b-1234');
    clients.push(b.client);
    expect((await b.client.listTools()).tools).toHaveLength(2);
    expect(server.sessionCount).toBe(2);

    // B presenting A's session id is told the session does not exist.
    const stolen = await fetch(server.url, {
      method: 'POST',
      headers: {
        Authorization: 'Bearer token-of-b-1234',
        'Mcp-Session-Id': a.transport.sessionId!,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        'Mcp-Protocol-Version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tools/list' }),
    });
    expect(stolen.status).toBe(404);
    expect((await a.client.listTools()).tools).toHaveLength(2);
  });
});

describe('idle sessions', () => {
  it('closes a session with no request open after 5 minutes by default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const server = await serve({ tokens: ['idle-token-1234'] });
      expect((await postInitialize(server.url, { Authorization: 'Bearer idle-token-1234' })).status).toBe(200);
      expect(server.sessionCount).toBe(1);
      await vi.advanceTimersByTimeAsync(299_000);
      expect(server.sessionCount).toBe(1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(server.sessionCount).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('named service tokens (RING_MCP_SERVICE_TOKENS="name=token")', () => {
  it('tokensFromEnv reads name=token entries and keeps bare tokens, base64 padding included', () => {
    expect(tokensFromEnv({ RING_MCP_SERVICE_TOKENS: ' agent-a=tok-a-1234 , bare-token-1234, c2VjcmV0==, agent-b = tok-b=1234 ' })).toEqual([
      { name: 'agent-a', token: 'tok-a-1234' },
      'bare-token-1234',
      'c2VjcmV0==',
      { name: 'agent-b', token: 'tok-b=1234' },
    ]);
  });

  it("the token's name is audit.actorId of every job it starts, whatever actorId the caller sends, so per-actor budgets apply per caller", async () => {
    const provider = new ScriptedVideoProvider({ jobs: () => ({ steps: [scriptedDone({ usage: { costUsd: 0.4 } })] }) });
    const ledger = new MemoryLedger();
    const conductor = createVideoConductor({
      provider,
      storage: new MemoryStorage(),
      ledger,
      fetch: provider.fetch, urlPolicy: provider.urlPolicy,
      polling: { intervalMs: 10, jitter: 0, timeoutMs: 20_000 },
      budget: { maxUsdPerActor: 0.5 },
    });
    const server = await serve({
      conductor,
      tokens: tokensFromEnv({ RING_MCP_SERVICE_TOKENS: 'agent-a=token-of-agent-a-1234,agent-b=token-of-agent-b-1234' }),
    });
    const a = await connect(server.url, 'token-of-agent-a-1234');
    const b = await connect(server.url, 'token-of-agent-b-1234');
    clients.push(a.client, b.client);
    const call = (client: Client, actorId: string | undefined) =>
      client.callTool({ name: 'ring-video-create', arguments: { prompt: 'A fox', durationSec: 4, ...(actorId === undefined ? {} : { actorId }) } });

    const first = await call(a.client, 'someone-else');
    expect(first.isError, JSON.stringify(first)).toBeFalsy();
    const firstRow = await ledger.get((first.structuredContent as { video: { recordId: string } }).video.recordId);
    expect(firstRow?.audit.actorId).toBe('agent-a');

    // agent-a has spent 0.4 of 0.5: a second job of agent-a is refused, even when it claims to be agent-b.
    const refused = await call(a.client, 'agent-b');
    expect(refused.isError).toBe(true);
    expect(JSON.stringify(refused.content)).toMatch(/BUDGET_EXCEEDED|maxUsdPerActor/);
    // agent-b has its own budget.
    const other = await call(b.client, undefined);
    expect(other.isError, JSON.stringify(other)).toBeFalsy();
    const otherRow = await ledger.get((other.structuredContent as { video: { recordId: string } }).video.recordId);
    expect(otherRow?.audit.actorId).toBe('agent-b');
    const rows = (await ledger.list({ limit: 10 })).records;
    expect(rows.map((row) => row.audit.actorId).sort()).toEqual(['agent-a', 'agent-b']);
  });
  it('a named caller reads only its own jobs with ring-video-status, and its idempotency keys are its own', async () => {
    const provider = new ScriptedVideoProvider({ jobs: () => ({ steps: [scriptedDone()] }) });
    const ledger = new MemoryLedger();
    const conductor = createVideoConductor({ provider, storage: new MemoryStorage(), ledger, fetch: provider.fetch, urlPolicy: provider.urlPolicy, polling: { intervalMs: 10, jitter: 0, timeoutMs: 20_000 } });
    const server = await serve({
      conductor,
      tokens: tokensFromEnv({ RING_MCP_SERVICE_TOKENS: 'agent-a=token-of-agent-a-1234,agent-b=token-of-agent-b-1234' }),
    });
    const a = await connect(server.url, 'token-of-agent-a-1234');
    const b = await connect(server.url, 'token-of-agent-b-1234');
    clients.push(a.client, b.client);
    const create = (client: Client) =>
      client.callTool({ name: 'ring-video-create', arguments: { prompt: 'A fox', durationSec: 4, idempotencyKey: 'clip-1' } });
    const recordIdOf = (result: Awaited<ReturnType<typeof create>>) => (result.structuredContent as { video: { recordId: string } }).video.recordId;

    const ofA = await create(a.client);
    expect(ofA.isError, JSON.stringify(ofA)).toBeFalsy();
    // The same key from another caller is another job, not a window onto agent-a's.
    const ofB = await create(b.client);
    expect(ofB.isError, JSON.stringify(ofB)).toBeFalsy();
    expect(recordIdOf(ofB)).not.toBe(recordIdOf(ofA));
    expect(provider.submitCount).toBe(2);
    // The same key from the same caller joins its first job.
    expect(recordIdOf(await create(a.client))).toBe(recordIdOf(ofA));
    expect(provider.submitCount).toBe(2);

    const own = await a.client.callTool({ name: 'ring-video-status', arguments: { recordId: recordIdOf(ofA) } });
    expect(own.isError, JSON.stringify(own)).toBeFalsy();
    const foreign = await b.client.callTool({ name: 'ring-video-status', arguments: { recordId: recordIdOf(ofA) } });
    const missing = await b.client.callTool({ name: 'ring-video-status', arguments: { recordId: '00000000-0000-4000-8000-000000000000' } });
    expect(foreign.isError).toBe(true);
    // Answered exactly as a record that does not exist, but for the id itself.
    expect(JSON.stringify(foreign.content).replace(recordIdOf(ofA), 'ID')).toBe(JSON.stringify(missing.content).replace('00000000-0000-4000-8000-000000000000', 'ID'));
  });
});

import { createVideoConductor, MemoryLedger, ModerationError } from '@ring/video-conductor';
import { MemoryStorage, ScriptedImageProvider, ScriptedVideoProvider } from '@ring/video-conductor/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Progress } from '@modelcontextprotocol/sdk/types.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveMcpHttp, type McpHttpServer } from '@ring/video-conductor/mcp';
import { createMcpTestConductor, endlessMarker, type McpTestConductor } from './mcp-test-conductor.js';
import { callTool, describeVideoToolScenarios } from './video-tool-scenarios.js';

const token = 'http-tools-token-0123456789';

let harness: McpTestConductor;
let server: McpHttpServer;
let client: Client;

function connectClient(url: string, bearer: string): { client: Client; transport: StreamableHTTPClientTransport } {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${bearer}` } } });
  return { client: new Client({ name: 'http-test', version: '1.0.0' }), transport };
}

beforeAll(async () => {
  harness = createMcpTestConductor();
  server = await serveMcpHttp({ conductor: harness.conductor, port: 0, tokens: ['another-token-abcdef', token] });
  const connection = connectClient(server.url, token);
  client = connection.client;
  await client.connect(connection.transport);
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

describeVideoToolScenarios('Streamable HTTP', () => ({
  client,
  providerCalls: async () => ({
    submitCount: harness.provider.submitCount,
    statusCount: harness.provider.calls.filter((call) => call.method === 'getStatus').length,
  }),
}));

describe('video tools over Streamable HTTP, seen from the ledger', () => {
  it('listens on 127.0.0.1 at /mcp by default', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it('writes the audit fields and the idempotency key into the ledger row', async () => {
    const { json } = await callTool(client, 'ring-video-create', {
      prompt: 'An audited clip',
      clipId: 'clip-1',
      pipelineRequestId: 'run-2',
      refCode: 'REF-3',
      actorId: 'agent-4',
      idempotencyKey: 'audit-key-1',
    });
    const row = await harness.ledger.get((json as { recordId: string }).recordId);
    expect(row).toMatchObject({
      status: 'succeeded',
      idempotencyKey: 'audit-key-1',
      audit: { clipId: 'clip-1', pipelineRequestId: 'run-2', refCode: 'REF-3', actorId: 'agent-4' },
    });
  });

  it('a repeated call with the same idempotencyKey returns the first job and pays once', async () => {
    const before = harness.provider.submitCount;
    const first = await callTool(client, 'ring-video-create', { prompt: 'Paid once', idempotencyKey: 'same-key-2' });
    const second = await callTool(client, 'ring-video-create', { prompt: 'Paid once', idempotencyKey: 'same-key-2' });
    expect((second.json as { recordId: string }).recordId).toBe((first.json as { recordId: string }).recordId);
    expect(second.json).toMatchObject({ success: true, sha256: (first.json as { sha256: string }).sha256 });
    expect(harness.provider.submitCount).toBe(before + 1);
  });

  it('a cancelled wait: true call leaves its accepted job resumable in the ledger', async () => {
    const controller = new AbortController();
    let recordId: string | undefined;
    const call = callTool(
      client,
      'ring-video-create',
      { prompt: `A clip that never ends ${endlessMarker}` },
      {
        signal: controller.signal,
        onprogress: (progress) => {
          if (progress.progress > 10) controller.abort();
        },
      },
    );
    await expect(call).rejects.toThrow(/abort/i);
    // The row was written before the provider was asked: find it by its prompt.
    const deadline = Date.now() + 5_000;
    for (;;) {
      const { records } = await harness.ledger.list({ limit: 100 });
      recordId = records.find((record) => record.prompt.includes(endlessMarker))?.id;
      if (recordId !== undefined || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(recordId).toBeDefined();
    const statusCalls = () => harness.provider.calls.filter((entry) => entry.method === 'getStatus').length;
    // Let the server notice the cancellation, then check that nothing polls any more.
    await new Promise((resolve) => setTimeout(resolve, 150));
    const settled = statusCalls();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(statusCalls()).toBe(settled);
    const row = await harness.ledger.get(recordId!);
    expect(row).toMatchObject({ status: 'generating', requestId: expect.stringMatching(/^job-\d+$/), error: null });
    const { json } = await callTool(client, 'ring-video-status', { recordId: recordId! });
    expect(json).toMatchObject({ status: 'generating', done: false });
    expect(json).not.toHaveProperty('result');
  });

  it('is session-based: initialize opens a session, unknown sessions get 404, DELETE ends one', async () => {
    const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    const before = server.sessionCount;
    const initialize = await fetch(server.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
      }),
    });
    expect(initialize.status).toBe(200);
    const sessionId = initialize.headers.get('mcp-session-id');
    expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await initialize.text()).toContain('ring-video-conductor');
    expect(server.sessionCount).toBe(before + 1);

    const withoutSession = await fetch(server.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(withoutSession.status).toBe(400);
    const unknown = await fetch(server.url, {
      method: 'POST',
      headers: { ...headers, 'mcp-session-id': 'no-such-session' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'tools/list' }),
    });
    expect(unknown.status).toBe(404);
    expect(server.sessionCount).toBe(before + 1);

    const ended = await fetch(server.url, { method: 'DELETE', headers: { ...headers, 'mcp-session-id': sessionId! } });
    expect(ended.status).toBe(200);
    expect(server.sessionCount).toBe(before);
    const afterEnd = await fetch(server.url, {
      method: 'POST',
      headers: { ...headers, 'mcp-session-id': sessionId! },
      body: JSON.stringify({ jsonrpc: '2.0', id: 4, method: 'tools/list' }),
    });
    expect(afterEnd.status).toBe(404);
    const elsewhere = await fetch(new URL('/other', server.url), { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    expect(elsewhere.status).toBe(404);
  });
});

describe('first frames over Streamable HTTP', () => {
  it('a first frame blocked by moderation is a success: false answer even with wait: false; a generated one is reported', async () => {
    const provider = new ScriptedVideoProvider();
    const images = new ScriptedImageProvider({ results: [{ error: new ModerationError('The first frame was blocked', { provider: 'scripted' }) }] });
    const conductor = createVideoConductor({
      provider,
      imageProvider: images,
      storage: new MemoryStorage(),
      ledger: new MemoryLedger(),
      fetch: provider.fetch, urlPolicy: provider.urlPolicy,
      polling: { intervalMs: 20, jitter: 0 },
    });
    const running = await serveMcpHttp({ conductor, port: 0, tokens: [token] });
    const connection = connectClient(running.url, token);
    try {
      await connection.client.connect(connection.transport);
      const blocked = await callTool(connection.client, 'ring-video-create', { prompt: 'A portrait', firstFramePrompt: 'A face', wait: false });
      expect(blocked.result.isError, blocked.text).toBeFalsy();
      expect(blocked.json).toMatchObject({ success: false, status: 'moderated', requestId: null, message: 'The first frame was blocked', video: null });
      expect(provider.submitCount).toBe(0);

      const progress: Progress[] = [];
      const made = await callTool(
        connection.client,
        'ring-video-create',
        { prompt: 'A portrait', firstFramePrompt: 'A face' },
        { onprogress: (update) => progress.push(update) },
      );
      expect(made.json).toMatchObject({
        success: true,
        qualityMode: 'draft_i2v',
        firstFrame: { source: 'generated', url: 'https://scripted.image.test/frame-2.png', prompt: 'A face' },
        upgrades: [{ from: 'draft', to: 'draft_i2v', reason: 'image' }],
      });
      expect(progress[0]).toMatchObject({ progress: 5, message: 'first frame ready' });
    } finally {
      await connection.client.close();
      await running.close();
    }
  });
});

describe('serveMcpHttp close()', () => {
  it('stops listening and detaches from background jobs, leaving them resumable', async () => {
    const local = createMcpTestConductor();
    const running = await serveMcpHttp({ conductor: local.conductor, port: 0, tokens: [token] });
    const connection = connectClient(running.url, token);
    await connection.client.connect(connection.transport);
    const { json } = await callTool(connection.client, 'ring-video-create', { prompt: `Left running ${endlessMarker}`, wait: false });
    const recordId = (json as { recordId: string }).recordId;
    await connection.client.close();
    await running.close();
    await expect(fetch(running.url, { method: 'POST' })).rejects.toThrow();

    const statusCalls = () => local.provider.calls.filter((entry) => entry.method === 'getStatus').length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const settled = statusCalls();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(statusCalls()).toBe(settled);
    expect(await local.ledger.get(recordId)).toMatchObject({ status: expect.stringMatching(/^(submitted|generating)$/), requestId: expect.any(String) });
  });
});

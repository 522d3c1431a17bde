import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryToken, findCanary } from './canary-token.js';
import { callTool, describeVideoToolScenarios, type ProviderCallCounts } from './video-tool-scenarios.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const fixture = path.join(repoRoot, 'test/mcp/fixtures/stdio-server.ts');

let client: Client;
let transport: StdioClientTransport;
let stderr = '';
/** Every JSON-RPC message the child wrote to stdout. */
const received: unknown[] = [];

beforeAll(async () => {
  transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', 'tsx', fixture],
    cwd: repoRoot,
    env: {
      ...getDefaultEnvironment(),
      TSX_TSCONFIG_PATH: path.join(repoRoot, 'test/support/tsconfig.dist.json'),
      RING_MCP_SERVICE_TOKENS: `other-token,${canaryToken}`,
    },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  client = new Client({ name: 'stdio-test', version: '1.0.0' });
  await client.connect(transport);
  // Tap the messages after connect (the Client owns onmessage): a wrapper sees every one.
  const deliver = transport.onmessage;
  transport.onmessage = (message) => {
    received.push(message);
    deliver?.(message);
  };
}, 30_000);

afterAll(async () => {
  await client?.close();
});

describeVideoToolScenarios('stdio', () => ({
  client,
  providerCalls: async () => (await callTool(client, 'test-provider-calls', {})).json as ProviderCallCounts,
}));

describe('stdio server process', () => {
  it('announces ring-video-conductor with the package version', () => {
    expect(client.getServerVersion()).toMatchObject({ name: 'ring-video-conductor', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(client.getInstructions()).toContain('ring-video-status');
  });

  it('never lets the canary token out: not in stdout messages, not in stderr', async () => {
    // Make sure the child did real work first, so there was output to leak into.
    await callTool(client, 'ring-video-create', { prompt: 'A canary over the city', wait: true });
    expect(stderr).toContain('2 service tokens configured');
    expect(received.length).toBeGreaterThan(0);
    expect(findCanary({ stderr, stdout: received })).toEqual([]);
  });

  it('exits when the client closes stdin', async () => {
    const child = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', fixture],
      cwd: repoRoot,
      env: { ...getDefaultEnvironment(), TSX_TSCONFIG_PATH: path.join(repoRoot, 'test/support/tsconfig.dist.json') },
      stderr: 'pipe',
    });
    let childStderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (childStderr += chunk.toString('utf8')));
    const second = new Client({ name: 'stdio-close-test', version: '1.0.0' });
    await second.connect(child);
    const started = Date.now();
    await second.close();
    // The transport sends SIGTERM after 2 s when the process has not exited on its own.
    expect(Date.now() - started).toBeLessThan(1_900);
    expect(childStderr).toContain('stdio fixture: closed');
  }, 30_000);
});

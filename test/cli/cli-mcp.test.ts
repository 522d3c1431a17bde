import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBinary, cliEnv, runCliInProcess, startCliInProcess, type InProcessCli } from './cli-harness.js';

// The stdio server is the built binary (node dist/cli/bin.js), spoken to by the MCP SDK's
// client over its stdin/stdout. The HTTP servers run `runCli` in this process and stop the way
// the binary's first Ctrl-C stops them (io.signal aborted); cli-studio and cli-commands check
// the binary's own SIGINT handling.
let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'video-conductor-mcp-'));
});
afterAll(async () => rm(cwd, { recursive: true, force: true }));

/** Resolves with the match once the child's stderr matches `pattern`; rejects when it exits first or after 60 s. */
async function waitForStderr(child: InProcessCli, pattern: RegExp): Promise<RegExpExecArray> {
  const started = Date.now();
  for (;;) {
    const match = pattern.exec(child.output.stderr);
    if (match) return match;
    if (child.exitCode !== null || Date.now() - started > 60_000) throw new Error(`no ${pattern} on stderr (exit ${child.exitCode}):\n${child.output.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('video-conductor mcp', () => {
  it('serves the tools over stdio: create with wait: true stores a video, with progress', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [cliBinary, 'mcp'],
      cwd,
      env: cliEnv({ cwd, home: path.join(cwd, 'stdio-home') }) as Record<string, string>,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'cli-mcp-test', version: '1.0.0' });
    await client.connect(transport);
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['ring-video-create', 'ring-video-status']);
      const progress: number[] = [];
      const result = await client.callTool(
        { name: 'ring-video-create', arguments: { prompt: 'A lighthouse at dawn', durationSec: 2, wait: true } },
        undefined,
        { onprogress: (event) => progress.push(event.progress), timeout: 60_000 },
      );
      expect(result.isError).toBeFalsy();
      expect(result.structuredContent).toMatchObject({ success: true, video: { persisted: true } });
      expect((result.structuredContent as { sha256: string }).sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(progress.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  }, 90_000);

  it('mcp --http refuses to start without a daily budget, in one line, unless given --no-budget', async () => {
    const refused = await runCliInProcess(['mcp', '--http', '--port', '0'], { cwd, home: path.join(cwd, 'budget-home'), env: { RING_MCP_SERVICE_TOKENS: 'first-token' } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'error: mcp --http needs a daily budget: set VIDEO_CONDUCTOR_MAX_USD_PER_DAY (USD per UTC day), or pass --no-budget to serve without one\n',
    );
    const child = startCliInProcess(['mcp', '--http', '--port', '0', '--no-budget'], { cwd, home: path.join(cwd, 'budget-home'), env: { RING_MCP_SERVICE_TOKENS: 'first-token' } });
    try {
      await waitForStderr(child, /MCP endpoint: \S+/);
    } finally {
      child.interrupt();
      await child.exited;
    }
  }, 90_000);

  it('mcp --http --host 0.0.0.0 refuses to start without allowed hosts; with them it warns loudly on stderr', async () => {
    const env = { RING_MCP_SERVICE_TOKENS: 'first-token', VIDEO_CONDUCTOR_MAX_USD_PER_DAY: '5' };
    const home = path.join(cwd, 'wide-home');
    const refused = await runCliInProcess(['mcp', '--http', '--port', '0', '--host', '0.0.0.0'], { cwd, home, env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      'error: mcp --http --host 0.0.0.0 listens beyond loopback: name the host names clients reach it by with --allowed-hosts (or RING_MCP_ALLOWED_HOSTS)\n',
    );
    const child = startCliInProcess(['mcp', '--http', '--port', '0', '--host', '0.0.0.0'], { cwd, home, env: { ...env, RING_MCP_ALLOWED_HOSTS: 'mcp.example.com' } });
    try {
      const [, url] = await waitForStderr(child, /MCP endpoint: (\S+)/);
      expect(child.output.stderr).toMatch(/^WARNING: the MCP server listens on 0\.0\.0\.0, beyond loopback\./m);
      const local = url!.replace('0.0.0.0', '127.0.0.1');
      // Reached by a name not on the list: 403.
      expect((await fetch(local, { method: 'POST', headers: { authorization: 'Bearer first-token' } })).status).toBe(403);
    } finally {
      child.interrupt();
      await child.exited;
    }
  }, 90_000);

  it('mcp --http logs the failure of a background job as one JSON line on stderr, and a named token sets the actor', async () => {
    const child = startCliInProcess(['mcp', '--http', '--port', '0'], {
      cwd,
      home: path.join(cwd, 'log-home'),
      env: { RING_MCP_SERVICE_TOKENS: 'agent-a=token-of-agent-a', VIDEO_CONDUCTOR_MAX_USD_PER_DAY: '5' },
    });
    try {
      const [, url] = await waitForStderr(child, /MCP endpoint: (\S+)/);
      const client = new Client({ name: 'cli-mcp-log-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url!), { requestInit: { headers: { authorization: 'Bearer token-of-agent-a' } } }));
      const submitted = await client.callTool({ name: 'ring-video-create', arguments: { prompt: 'A fox [local:failed]', durationSec: 2, actorId: 'mallory', wait: false } });
      expect(submitted.isError, JSON.stringify(submitted)).toBeFalsy();
      const recordId = (submitted.structuredContent as { recordId: string }).recordId;
      const [line] = await waitForStderr(child, /^\{.*"source":"background".*\}$/m);
      expect(JSON.parse(line)).toMatchObject({ level: 'error', event: 'mcp.error', source: 'background', recordId, error: { code: expect.any(String), message: expect.any(String) } });
      await client.close();
      expect(child.output.stderr).not.toContain('token-of-agent-a');
    } finally {
      child.interrupt();
      await child.exited;
    }
    const list = await runCliInProcess(['list', '--json'], { cwd, home: path.join(cwd, 'log-home') });
    expect(JSON.parse(list.stdout).records.map((record: { audit: { actorId?: string } }) => record.audit.actorId)).toEqual(['agent-a']);
  }, 90_000);

  it('serves HTTP only behind a bearer token, from RING_MCP_SERVICE_TOKENS', async () => {
    const child = startCliInProcess(['mcp', '--http', '--port', '0'], {
      cwd,
      home: path.join(cwd, 'http-home'),
      env: { RING_MCP_SERVICE_TOKENS: 'first-token,second-token', VIDEO_CONDUCTOR_MAX_USD_PER_DAY: '5' },
    });
    try {
      const [, url] = await waitForStderr(child, /MCP endpoint: (\S+)/);
      expect((await fetch(url!, { method: 'POST' })).status).toBe(401);
      expect((await fetch(url!, { method: 'POST', headers: { authorization: 'Bearer second-tokeX' } })).status).toBe(401);
      const client = new Client({ name: 'cli-mcp-http-test', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url!), { requestInit: { headers: { authorization: 'Bearer second-token' } } }));
      expect((await client.listTools()).tools).toHaveLength(2);
      await client.close();
      expect(child.output.stdout + child.output.stderr).not.toContain('second-token');
    } finally {
      child.interrupt();
      await child.exited;
    }
  }, 90_000);
});

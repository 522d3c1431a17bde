import type * as McpModule from '@ring/video-conductor/mcp';
import type { CliCommand } from '../cli-command.js';
import { defaultImportModule, loadOptionalModule } from '../env/load-optional-module.js';
import { parseNumberFlag } from '../request-flags.js';
import { withEnvironment } from './open-environment.js';

/** `video-conductor mcp`: the video tools for MCP clients, over stdio or bearer-gated HTTP. */
export const mcpCommand: CliCommand = {
  name: 'mcp',
  usage: 'mcp [--http --port N]',
  summary: 'Serve the ring-video-create and ring-video-status MCP tools (stdio, or HTTP with --http)',
  details: [
    'Without --http, speaks MCP on stdin/stdout until the client closes stdin (stdout carries only',
    'protocol messages). With --http, serves Streamable HTTP at http://HOST:PORT/mcp behind bearer tokens',
    'from RING_MCP_SERVICE_TOKENS (comma separated); it refuses to start without one.',
  ].join('\n'),
  flags: [
    { name: 'http', type: 'boolean', description: 'serve Streamable HTTP instead of stdio' },
    { name: 'port', type: 'string', value: 'N', description: 'HTTP port (default 8123; 0 picks a free one)' },
    { name: 'host', type: 'string', value: 'HOST', description: 'HTTP address to listen on (default 127.0.0.1)' },
  ],
  positionals: [],
  async run(context) {
    const { values, io } = context;
    const port = parseNumberFlag(values, 'port', 'mcp', { min: 0, max: 65_535, unit: 'port' }) ?? 8123;
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    if (values.http !== true && (values.port !== undefined || values.host !== undefined)) {
      io.stderr.write('--port and --host apply to --http only\n');
      return 2;
    }
    // Loaded here, not at the top: every other command must work without the optional MCP SDK.
    const { serveMcpHttp, serveMcpStdio, tokensFromEnv } = await loadOptionalModule<typeof McpModule>(
      defaultImportModule,
      '@ring/video-conductor/mcp',
      { field: 'mcp', purpose: 'video-conductor mcp', packages: ['@modelcontextprotocol/sdk'] },
    );
    return withEnvironment(context, async ({ conductor }) => {
      const onError = (error: unknown) => void io.stderr.write(`mcp: ${(error as Error)?.message ?? String(error)}\n`);
      if (values.http === true) {
        const server = await serveMcpHttp({ conductor, port, host, tokens: tokensFromEnv(io.env) });
        io.stderr.write(`MCP endpoint: ${server.url}\n`);
        await new Promise<void>((resolve) => {
          if (io.signal === undefined) return;
          if (io.signal.aborted) resolve();
          io.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        await server.close();
        return 0;
      }
      const server = await serveMcpStdio(conductor, { onError, ...(io.signal === undefined ? {} : { signal: io.signal }) });
      io.signal?.addEventListener('abort', () => void server.close(), { once: true });
      await server.closed;
      return 0;
    });
  },
};

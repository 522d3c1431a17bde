import { InvalidRequestError } from '@ring/video-conductor';
import type * as McpModule from '@ring/video-conductor/mcp';
import type { CliCommand } from '../cli-command.js';
import { budgetFromEnv } from '../env/budget-from-env.js';
import { defaultImportModule, loadOptionalModule } from '../env/load-optional-module.js';
import { readVariable } from '../env/read-env.js';
import { errorToJson } from '../output/report-error.js';
import { parseNumberFlag } from '../request-flags.js';
import { withEnvironment } from './open-environment.js';

/** The variable listing the host names `mcp --http` accepts, comma separated (`--allowed-hosts` overrides it). */
const allowedHostsVariable = 'RING_MCP_ALLOWED_HOSTS';

/** One JSON line for stderr: what a log collector reads. Errors carry no secrets (see errorToJson). */
function logLine(level: 'error' | 'warn' | 'info', event: string, fields: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`;
}

/** `video-conductor mcp`: the video tools for MCP clients, over stdio or bearer-gated HTTP. */
export const mcpCommand: CliCommand = {
  name: 'mcp',
  usage: 'mcp [--http --port N]',
  summary: 'Serve the ring-video-create and ring-video-status MCP tools (stdio, or HTTP with --http)',
  details: [
    'Without --http, speaks MCP on stdin/stdout until the client closes stdin (stdout carries only',
    'protocol messages). With --http, serves Streamable HTTP at http://HOST:PORT/mcp behind bearer tokens',
    'from RING_MCP_SERVICE_TOKENS (comma separated, bare or name=token: the name becomes the audit.actorId',
    'of the jobs that token starts); it refuses to start without one, and without a daily budget',
    '(VIDEO_CONDUCTOR_MAX_USD_PER_DAY) unless given --no-budget. A HOST beyond loopback needs',
    '--allowed-hosts (or RING_MCP_ALLOWED_HOSTS). Errors of background jobs go to stderr as JSON lines.',
  ].join('\n'),
  flags: [
    { name: 'http', type: 'boolean', description: 'serve Streamable HTTP instead of stdio' },
    { name: 'port', type: 'string', value: 'N', description: 'HTTP port (default 8123; 0 picks a free one)' },
    { name: 'host', type: 'string', value: 'HOST', description: 'HTTP address to listen on (default 127.0.0.1)' },
    {
      name: 'allowed-hosts',
      type: 'string',
      value: 'NAME[,NAME]',
      description: `host names the Host/Origin headers may name (default ${allowedHostsVariable}, else localhost,127.0.0.1,[::1] on loopback)`,
    },
    { name: 'no-budget', type: 'boolean', description: 'serve HTTP without VIDEO_CONDUCTOR_MAX_USD_PER_DAY (no daily spend limit)' },
  ],
  positionals: [],
  async run(context) {
    const { values, io } = context;
    const port = parseNumberFlag(values, 'port', 'mcp', { min: 0, max: 65_535, unit: 'port' }) ?? 8123;
    const host = typeof values.host === 'string' ? values.host : '127.0.0.1';
    const httpOnly = ['port', 'host', 'allowed-hosts', 'no-budget'].filter((name) => values[name] !== undefined);
    if (values.http !== true && httpOnly.length > 0) {
      io.stderr.write(`${httpOnly.map((name) => `--${name}`).join(', ')}: only with --http\n`);
      return 2;
    }
    const allowedHostsText = typeof values['allowed-hosts'] === 'string' ? values['allowed-hosts'] : readVariable(io.env, allowedHostsVariable);
    const allowedHosts = allowedHostsText?.split(',').map((name) => name.trim()).filter((name) => name !== '');
    // Any holder of a token can spend: an HTTP server without a daily limit must be asked for.
    if (values.http === true && values['no-budget'] !== true && budgetFromEnv(io.env).maxUsdPerDay === undefined) {
      throw new InvalidRequestError(
        'mcp --http needs a daily budget: set VIDEO_CONDUCTOR_MAX_USD_PER_DAY (USD per UTC day), or pass --no-budget to serve without one',
        { field: 'VIDEO_CONDUCTOR_MAX_USD_PER_DAY', code: 'BUDGET_REQUIRED' },
      );
    }
    // Loaded here, not at the top: every other command must work without the MCP SDK installed.
    const { serveMcpHttp, serveMcpStdio, tokensFromEnv, isLoopbackAddress } = await loadOptionalModule<typeof McpModule>(
      defaultImportModule,
      '@ring/video-conductor/mcp',
      { field: 'mcp', purpose: 'video-conductor mcp', packages: ['@modelcontextprotocol/sdk'] },
    );
    // Checked before the ledger is opened, in the CLI's words (serveMcpHttp refuses it too).
    if (values.http === true && !isLoopbackAddress(host) && (allowedHosts === undefined || allowedHosts.length === 0)) {
      throw new InvalidRequestError(
        `mcp --http --host ${host} listens beyond loopback: name the host names clients reach it by with --allowed-hosts (or ${allowedHostsVariable})`,
        { field: 'allowedHosts', code: 'MCP_ALLOWED_HOSTS_MISSING' },
      );
    }
    return withEnvironment(context, async ({ conductor }) => {
      const onError = (error: unknown, source: { source: string; recordId?: string }) => {
        io.stderr.write(logLine('error', 'mcp.error', { source: source.source, ...(source.recordId === undefined ? {} : { recordId: source.recordId }), error: errorToJson(error) }));
      };
      if (values.http === true) {
        const server = await serveMcpHttp({
          conductor,
          port,
          host,
          tokens: tokensFromEnv(io.env),
          onError,
          ...(allowedHosts === undefined || allowedHosts.length === 0 ? {} : { allowedHosts }),
        });
        if (!isLoopbackAddress(host)) {
          io.stderr.write(
            `WARNING: the MCP server listens on ${host}, beyond loopback. Bearer tokens travel in clear over plain HTTP: put a TLS-terminating reverse proxy in front, and let only it reach this port.\n`,
          );
        }
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

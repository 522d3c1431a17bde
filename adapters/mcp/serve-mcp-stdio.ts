import type { Readable, Writable } from 'node:stream';
import type { VideoConductor } from '@ring/video-conductor';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { combineSignals } from './combine-signals.js';
import { createVideoMcpServer, type VideoMcpServerOptions } from './create-video-mcp-server.js';

/** Options of {@link serveMcpStdio}. */
export interface ServeMcpStdioOptions extends VideoMcpServerOptions {
  /** Where JSON-RPC messages come from. @default process.stdin */
  stdin?: Readable;
  /** Where JSON-RPC messages go. Nothing else may write to it. @default process.stdout */
  stdout?: Writable;
}

/** A running stdio MCP server, from {@link serveMcpStdio}. */
export interface McpStdioServer {
  /** The MCP server, with the video tools registered. */
  readonly server: McpServer;
  /** Settles once the server closed: the client closed stdin, or {@link McpStdioServer.close} was called. */
  readonly closed: Promise<void>;
  /** Closes the server and detaches from the jobs `wait: false` calls left running (their rows stay resumable). */
  close(): Promise<void>;
}

/**
 * Serves the video tools over stdio, the transport MCP clients use for local servers they
 * start themselves (Claude Desktop, Claude Code, Cursor…). What `video-conductor mcp` runs.
 * The server closes when the client closes stdin. Stdout carries only protocol messages: the
 * tools never log; pass `onError` to log to stderr.
 *
 * @example
 * ```ts
 * import { createVideoConductor } from '@ring/video-conductor';
 * import { serveMcpStdio } from '@ring/video-conductor/mcp';
 *
 * const { closed } = await serveMcpStdio(createVideoConductor({ provider, storage, ledger }));
 * await closed;
 * ```
 */
export async function serveMcpStdio(conductor: VideoConductor, options: ServeMcpStdioOptions = {}): Promise<McpStdioServer> {
  const { stdin = process.stdin, stdout = process.stdout, signal, ...serverOptions } = options;
  const background = new AbortController();
  const server = createVideoMcpServer(conductor, { ...serverOptions, signal: combineSignals(signal, background.signal) });
  const transport = new StdioServerTransport(stdin, stdout);

  let markClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  const close = async () => {
    stdin.off('end', onEnd);
    background.abort();
    await server.close();
    markClosed();
  };
  // The SDK's stdio transport does not watch for the end of its input: without this the
  // server would outlive its client.
  const onEnd = () => {
    close().catch(() => {});
  };
  server.server.onclose = () => {
    background.abort();
    markClosed();
  };
  stdin.once('end', onEnd);
  await server.connect(transport);
  return { server, closed, close };
}

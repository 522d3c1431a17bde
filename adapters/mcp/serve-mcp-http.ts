import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VideoConductor } from '@ring/video-conductor';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isAllowedHostRequest, resolveAllowedHosts } from './allowed-hosts.js';
import type { McpServiceToken } from './bearer-tokens.js';
import { combineSignals } from './combine-signals.js';
import type { FailedAuthThrottleOptions } from './failed-auth-throttle.js';
import { createVideoMcpServer, type VideoMcpServerOptions } from './create-video-mcp-server.js';
import { withMcpGuard, type McpCallerAuthInfo, type NodeRequestHandler } from './with-mcp-guard.js';

/** Options of {@link serveMcpHttp}. */
export interface ServeMcpHttpOptions extends VideoMcpServerOptions {
  /** Runs the jobs. One conductor serves every session (it is stateless: jobs live in its ledger). */
  conductor: VideoConductor;
  /** TCP port; `0` picks a free one (read it from `url`). */
  port: number;
  /**
   * Interface to listen on. Keep the loopback default unless a reverse proxy with TLS sits in
   * front: bearer tokens travel in clear over plain HTTP. Any other address needs `allowedHosts`.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * Host names (no scheme, no port) the `Host` header — and the `Origin` header, when a
   * browser sends one — must name; any other request is answered `403` before its token is
   * looked at. This stops DNS rebinding: a web page whose own name resolves to this server
   * sends that name. Required when `host` is beyond loopback.
   * @default ['localhost', '127.0.0.1', '[::1]'] when `host` is loopback
   */
  allowedHosts?: readonly string[];
  /**
   * Accepted bearer tokens (see {@link withMcpGuard}); typically `tokensFromEnv(process.env)`.
   * At least one. A named token's name becomes the `audit.actorId` of every job it starts,
   * overriding the caller's `actorId`.
   */
  tokens: readonly (string | McpServiceToken)[];
  /** Throttling of failed bearer attempts per client address (see {@link withMcpGuard}). @default 10 per minute */
  failedAuth?: FailedAuthThrottleOptions;
  /** Path of the MCP endpoint. @default '/mcp' */
  path?: string;
  /**
   * A session with no request open for this long is closed (a client that vanished without
   * `DELETE`), in ms. Calls still running keep their session open.
   * @default 300000 (5 min)
   */
  sessionIdleMs?: number;
  /** Most sessions open at once; a further `initialize` is answered `503`. @default 1000 */
  maxSessions?: number;
  /**
   * Most sessions one caller (a token's name, or a bare token) may have open at once; a
   * further `initialize` of that caller is answered `429`. The default shares `maxSessions`
   * evenly, so no caller can use up the sessions of the others.
   * @default Math.max(1, Math.floor(maxSessions / number of callers))
   */
  maxSessionsPerCaller?: number;
}

/** A running HTTP MCP server, from {@link serveMcpHttp}. */
export interface McpHttpServer {
  /** The endpoint, e.g. `http://127.0.0.1:8123/mcp`. */
  readonly url: string;
  /** How many MCP sessions are open. */
  readonly sessionCount: number;
  /**
   * Stops listening, closes every session (aborting the calls still waiting) and detaches
   * from the jobs `wait: false` calls left running. Every job the provider accepted keeps its
   * ledger row and stays resumable. Resolves once the socket is closed.
   */
  close(): Promise<void>;
}

/** One MCP session: its own server and transport, over the shared conductor. */
interface Session {
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  /** HTTP requests of the session still open (a waiting tool call, the GET stream). */
  open: number;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set once the session ended (DELETE, idle timeout, `close()`). */
  closed: boolean;
  /** The caller that opened it (`clientId` of {@link McpCallerAuthInfo}); only it may use the session. */
  caller: string;
}

/**
 * Serves the video tools over MCP Streamable HTTP, behind bearer tokens — what
 * `video-conductor mcp --http --port N` runs.
 *
 * **Session-based**: an `initialize` POST opens a session (`Mcp-Session-Id`) with its own
 * MCP server and transport; later requests carry the id. Sessions are what let a client
 * *cancel* a waiting `ring-video-create`: its `notifications/cancelled` arrives in a separate
 * POST, and only the session's server knows the call it names (a stateless server could act
 * on it only when the connection drops). The sessions hold no job state — every job lives in
 * the conductor's ledger, so `ring-video-status` answers for any record id in any session,
 * on any instance sharing the ledger, and after a restart (clients then open a new session
 * on the `404` the specification prescribes). `GET` opens the session's notification
 * stream; `DELETE` ends the session.
 *
 * Every request, whatever its path, is checked in this order: `Host`/`Origin` not allowed,
 * `403`; too many failed attempts from its address, `429` with `Retry-After`; no valid token,
 * `401` ({@link withMcpGuard}). A session belongs to the caller that opened it: another
 * token presenting its id gets `404`. Each caller may hold `maxSessionsPerCaller` sessions.
 *
 * @throws InvalidRequestError (code `MCP_TOKENS_MISSING`) when `tokens` is empty, (code
 * `MCP_ALLOWED_HOSTS_MISSING`) when `host` is beyond loopback without `allowedHosts` — before
 * anything listens.
 * @example
 * ```ts
 * const { url, close } = await serveMcpHttp({ conductor, port: 8123, tokens: tokensFromEnv(process.env) });
 * console.error(`MCP endpoint: ${url}`);
 * ```
 */
export async function serveMcpHttp(options: ServeMcpHttpOptions): Promise<McpHttpServer> {
  const {
    conductor,
    port,
    host = '127.0.0.1',
    tokens,
    allowedHosts,
    failedAuth,
    path = '/mcp',
    sessionIdleMs = 300_000,
    maxSessions = 1000,
    maxSessionsPerCaller,
    signal,
    ...serverOptions
  } = options;
  const allowed = resolveAllowedHosts(host, allowedHosts);
  const callerCount = new Set(Array.isArray(tokens) ? tokens.map((entry, index) => (typeof entry === 'string' ? `#${index}` : `name:${entry.name}`)) : []).size;
  const perCaller = maxSessionsPerCaller ?? Math.max(1, Math.floor(maxSessions / Math.max(1, callerCount)));
  const sessionsOf = (caller: string) => {
    let count = 0;
    for (const session of sessions.values()) if (session.caller === caller) count += 1;
    return count;
  };
  const background = new AbortController();
  const toolOptions = { ...serverOptions, signal: combineSignals(signal, background.signal) };
  const sessions = new Map<string, Session>();

  const closeSession = (session: Session) => {
    clearTimeout(session.idleTimer);
    session.server.close().catch(() => {});
  };

  /** Counts the request as open on the session until its response ends; an idle session is closed later. */
  const track = (session: Session, response: ServerResponse) => {
    session.open += 1;
    clearTimeout(session.idleTimer);
    session.idleTimer = undefined;
    response.once('close', () => {
      session.open -= 1;
      if (session.open === 0 && !session.closed && Number.isFinite(sessionIdleMs)) {
        session.idleTimer = setTimeout(() => closeSession(session), sessionIdleMs);
        session.idleTimer.unref();
      }
    });
  };

  const openSession = async (request: IncomingMessage, response: ServerResponse, caller: string) => {
    if (sessionsOf(caller) >= perCaller) {
      sendJsonRpcError(response, 429, `Too many MCP sessions for this token (${perCaller}); close one (DELETE) or retry later`, { 'Retry-After': '60' });
      return;
    }
    if (sessions.size >= maxSessions) {
      sendJsonRpcError(response, 503, `Too many MCP sessions (${maxSessions}); close one (DELETE) or retry later`, { 'Retry-After': '60' });
      return;
    }
    const server = createVideoMcpServer(conductor, toolOptions);
    const session: Session = {
      server,
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (sessionId) => {
          sessions.set(sessionId, session);
        },
      }),
      open: 0,
      idleTimer: undefined,
      closed: false,
      caller,
    };
    // Called however the session ends: DELETE, idle timeout, close().
    server.server.onclose = () => {
      session.closed = true;
      clearTimeout(session.idleTimer);
      const sessionId = session.transport.sessionId;
      if (sessionId !== undefined && sessions.get(sessionId) === session) sessions.delete(sessionId);
    };
    await server.connect(session.transport);
    track(session, response);
    // Anything but an `initialize` is refused by the transport (400) and opens no session.
    await session.transport.handleRequest(request, response);
    if (session.transport.sessionId === undefined) closeSession(session);
  };

  const handleMcp: NodeRequestHandler = async (request, response) => {
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (pathname !== path) {
      sendJsonRpcError(response, 404, `Not found: the MCP endpoint is ${path}`);
      return;
    }
    const caller = (request as IncomingMessage & { auth?: McpCallerAuthInfo }).auth?.clientId ?? '';
    try {
      const sessionId = request.headers['mcp-session-id'];
      if (typeof sessionId === 'string') {
        const session = sessions.get(sessionId);
        // Another caller's session is answered as unknown: its id reveals nothing and lends nothing.
        if (session === undefined || session.caller !== caller) {
          // The specification's answer to an unknown or ended session: the client starts a new one.
          sendJsonRpcError(response, 404, 'Session not found', {}, -32001);
          return;
        }
        track(session, response);
        await session.transport.handleRequest(request, response);
        return;
      }
      if (request.method !== 'POST') {
        sendJsonRpcError(response, 400, 'Bad Request: Mcp-Session-Id header is required');
        return;
      }
      await openSession(request, response, caller);
    } catch (error) {
      try {
        serverOptions.onError?.(error, { source: 'transport' });
      } catch {
        // Logging must not break the answer.
      }
      if (!response.headersSent) sendJsonRpcError(response, 500, 'Internal server error');
      else response.end();
    }
  };

  // Built before listening, so a missing token list stops the start.
  const guarded = withMcpGuard(handleMcp, { tokens, ...(failedAuth === undefined ? {} : { failedAuth }) });
  const httpServer = createServer((request, response) => {
    if (!isAllowedHostRequest(request, allowed)) {
      sendJsonRpcError(response, 403, 'Forbidden: this Host or Origin is not allowed (allowedHosts)');
      request.resume();
      return;
    }
    Promise.resolve(guarded(request, response)).catch(() => {
      if (!response.headersSent) sendJsonRpcError(response, 500, 'Internal server error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}${path}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    get sessionCount() {
      return sessions.size;
    },
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        background.abort();
        for (const session of [...sessions.values()]) closeSession(session);
        httpServer.close((error) => (error ? reject(error) : resolve()));
        httpServer.closeAllConnections();
      });
      return closing;
    },
  };
}

function sendJsonRpcError(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, code = -32000): void {
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null });
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(body);
}

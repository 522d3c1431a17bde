import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidRequestError } from '@ring/video-conductor';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { callerNamePattern, mcpServiceTokensVariable, type McpServiceToken } from './bearer-tokens.js';
import { createFailedAuthThrottle, type FailedAuthThrottleOptions } from './failed-auth-throttle.js';

/** The realm named in the `WWW-Authenticate` header of a refused request. */
export const mcpAuthRealm = 'ring-video-conductor';

/** A node `http` request handler, as `http.createServer` takes it. */
export type NodeRequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** Options of {@link withMcpGuard}. */
export interface McpGuardOptions {
  /**
   * The bearer tokens accepted; any one of them lets a request through. At least one, none
   * empty, containing whitespace or listed twice. Typically {@link tokensFromEnv}`(process.env)`.
   * A named token ({@link McpServiceToken}) makes its name the caller's identity and the
   * `audit.actorId` of the jobs it starts. Only their sha256 digests are kept.
   */
  tokens: readonly (string | McpServiceToken)[];
  /**
   * Throttling of refused requests per client address (the socket's remote address: behind a
   * reverse proxy every client shares the proxy's, so keep its own rate limits too).
   * @default { maxFailures: 10, windowMs: 60000, maxClients: 10000 }
   */
  failedAuth?: FailedAuthThrottleOptions;
}

/**
 * Who a request authenticated as, set by {@link withMcpGuard} on `request.auth` (the MCP
 * SDK's `AuthInfo`, handed to tool handlers as `extra.authInfo`). `clientId` is the token's
 * name, or `token#<n>` (its position in the list, from 1) for a bare token; `extra.actorId`
 * is the name of a named token. `token` is left empty: the secret never leaves the guard.
 */
export type McpCallerAuthInfo = AuthInfo & { extra?: { actorId?: string } };

/**
 * Wraps a node HTTP handler (e.g. the one serving the MCP Streamable HTTP transport) so that
 * only requests carrying `Authorization: Bearer <token>` with an accepted token reach it.
 * Every other request is answered `401` with `WWW-Authenticate: Bearer realm="ring-video-conductor"`
 * and a JSON-RPC error body, without reading its body.
 *
 * The comparison leaks nothing through timing: the presented token and every accepted token
 * are hashed with sha256 (equal lengths, whatever the input) and compared with
 * `crypto.timingSafeEqual` against every accepted token, without stopping at a match.
 * Tokens are never logged, echoed or put in an error.
 *
 * A client address that sends `failedAuth.maxFailures` refused requests within
 * `failedAuth.windowMs` is answered `429` with `Retry-After` (seconds) for `windowMs`, whatever
 * it sends. A request let through carries the caller on `request.auth` ({@link McpCallerAuthInfo}).
 *
 * @throws InvalidRequestError (field `tokens`, code `MCP_TOKENS_MISSING`) for an empty list: a
 * server that would accept nobody — or, worse, everybody — refuses to start.
 * @throws InvalidRequestError (field `tokens[i]`, code `MCP_TOKEN_INVALID`) for an empty token
 * or one with whitespace, which no `Authorization` header could carry, a token listed twice,
 * or a name that is not 1–64 letters, digits and `._:@-`.
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { tokensFromEnv, withMcpGuard } from '@ring/video-conductor/mcp';
 *
 * createServer(withMcpGuard(handleMcp, { tokens: tokensFromEnv(process.env) })).listen(8080, '127.0.0.1');
 * ```
 */
export function withMcpGuard(handler: NodeRequestHandler, options: McpGuardOptions): NodeRequestHandler {
  const callers = checkTokens(options.tokens).map((entry, index) => {
    const named = typeof entry !== 'string';
    const auth: McpCallerAuthInfo = {
      token: '',
      clientId: named ? entry.name : `token#${index + 1}`,
      scopes: [],
      ...(named ? { extra: { actorId: entry.name } } : {}),
    };
    return { digest: sha256(named ? entry.token : entry), auth };
  });
  const throttle = createFailedAuthThrottle(options.failedAuth);
  return (request, response) => {
    const address = request.socket.remoteAddress ?? 'unknown';
    const wait = throttle.retryAfterSec(address);
    if (wait > 0) {
      tooManyFailures(response, wait);
      request.resume();
      return;
    }
    const presented = bearerTokenOf(request.headers.authorization);
    // Hash and compare even when nothing was presented, so every refusal costs the same.
    const presentedDigest = sha256(presented ?? '');
    // 1-based position of the matching token; every token is compared, without stopping at a match.
    let matched = 0;
    callers.forEach(({ digest }, index) => {
      matched += Number(timingSafeEqual(presentedDigest, digest)) * (index + 1);
    });
    if (presented === undefined || matched === 0) {
      const shutOut = throttle.fail(address);
      if (shutOut > 0) tooManyFailures(response, shutOut);
      else refuse(response);
      request.resume();
      return;
    }
    throttle.succeed(address);
    (request as IncomingMessage & { auth?: AuthInfo }).auth = structuredClone(callers[matched - 1]!.auth);
    return handler(request, response);
  };
}

function checkTokens(tokens: readonly (string | McpServiceToken)[] | undefined): readonly (string | McpServiceToken)[] {
  if (!Array.isArray(tokens) || tokens.length === 0) {
    throw new InvalidRequestError(
      `The MCP HTTP server needs at least one bearer token: set ${mcpServiceTokensVariable} (comma separated) or pass tokens; it refuses to start without one`,
      { field: 'tokens', code: 'MCP_TOKENS_MISSING' },
    );
  }
  const seen = new Set<string>();
  tokens.forEach((entry, index) => {
    const named = typeof entry === 'object' && entry !== null;
    if (named && (typeof entry.name !== 'string' || !callerNamePattern.test(entry.name))) {
      throw new InvalidRequestError(`The name of bearer token #${index + 1} of the MCP HTTP server must be 1–64 letters, digits and ._:@- (starting with a letter or digit)`, {
        field: `tokens[${index}].name`,
        code: 'MCP_TOKEN_INVALID',
      });
    }
    const token = named ? entry.token : entry;
    if (typeof token === 'string' && seen.has(token)) {
      throw new InvalidRequestError(`Bearer token #${index + 1} of the MCP HTTP server is listed twice`, { field: `tokens[${index}]`, code: 'MCP_TOKEN_INVALID' });
    }
    if (typeof token === 'string') seen.add(token);
    if (typeof token !== 'string' || token === '' || /\s/.test(token)) {
      // The message names the position only: the value is a secret, even a malformed one.
      throw new InvalidRequestError(`Bearer token #${index + 1} of the MCP HTTP server is empty or contains whitespace`, {
        field: `tokens[${index}]`,
        code: 'MCP_TOKEN_INVALID',
      });
    }
  });
  return tokens;
}

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or `undefined`. */
function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return match?.[1];
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function tooManyFailures(response: ServerResponse, retryAfterSec: number): void {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    error: { code: -32001, message: `Too many failed authentication attempts from this address; retry in ${retryAfterSec} s` },
    id: null,
  });
  response.writeHead(429, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Retry-After': String(retryAfterSec),
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

function refuse(response: ServerResponse): void {
  const body = JSON.stringify({
    jsonrpc: '2.0',
    error: { code: -32001, message: 'Unauthorized: send a valid token as "Authorization: Bearer <token>"' },
    id: null,
  });
  response.writeHead(401, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'WWW-Authenticate': `Bearer realm="${mcpAuthRealm}"`,
    'Cache-Control': 'no-store',
  });
  response.end(body);
}

import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InvalidRequestError } from '@ring/video-conductor';
import { mcpServiceTokensVariable } from './bearer-tokens.js';

/** The realm named in the `WWW-Authenticate` header of a refused request. */
export const mcpAuthRealm = 'ring-video-conductor';

/** A node `http` request handler, as `http.createServer` takes it. */
export type NodeRequestHandler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** Options of {@link withMcpGuard}. */
export interface McpGuardOptions {
  /**
   * The bearer tokens accepted; any one of them lets a request through. At least one, none
   * empty or containing whitespace. Typically {@link tokensFromEnv}`(process.env)`. Only
   * their sha256 digests are kept.
   */
  tokens: readonly string[];
}

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
 * @throws InvalidRequestError (field `tokens`, code `MCP_TOKENS_MISSING`) for an empty list: a
 * server that would accept nobody — or, worse, everybody — refuses to start.
 * @throws InvalidRequestError (field `tokens[i]`, code `MCP_TOKEN_INVALID`) for an empty token
 * or one with whitespace, which no `Authorization` header could carry.
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { tokensFromEnv, withMcpGuard } from '@ring/video-conductor/mcp';
 *
 * createServer(withMcpGuard(handleMcp, { tokens: tokensFromEnv(process.env) })).listen(8080, '127.0.0.1');
 * ```
 */
export function withMcpGuard(handler: NodeRequestHandler, options: McpGuardOptions): NodeRequestHandler {
  const digests = checkTokens(options.tokens).map(sha256);
  return (request, response) => {
    const presented = bearerTokenOf(request.headers.authorization);
    // Hash and compare even when nothing was presented, so every refusal costs the same.
    const presentedDigest = sha256(presented ?? '');
    let matched = 0;
    for (const digest of digests) matched |= Number(timingSafeEqual(presentedDigest, digest));
    if (presented === undefined || matched === 0) {
      refuse(response);
      request.resume();
      return;
    }
    return handler(request, response);
  };
}

function checkTokens(tokens: readonly string[] | undefined): readonly string[] {
  if (!Array.isArray(tokens) || tokens.length === 0) {
    throw new InvalidRequestError(
      `The MCP HTTP server needs at least one bearer token: set ${mcpServiceTokensVariable} (comma separated) or pass tokens; it refuses to start without one`,
      { field: 'tokens', code: 'MCP_TOKENS_MISSING' },
    );
  }
  tokens.forEach((token, index) => {
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

/** The environment variable holding the accepted bearer tokens, comma separated. */
export const mcpServiceTokensVariable = 'RING_MCP_SERVICE_TOKENS';

/**
 * A bearer token with the name of the caller holding it. Over HTTP the name becomes the
 * `audit.actorId` of every job the token starts — whatever `actorId` the caller sends — so
 * `budget.maxUsdPerActor` limits each caller, and it is the identity sessions are counted by.
 */
export interface McpServiceToken {
  /** The caller, e.g. `agent-a`: letters, digits and `._:@-`, 1–64 characters. Not secret: it is logged and stored. */
  name: string;
  /** The secret. Never logged, echoed or stored. */
  token: string;
}

/** What a caller's name may look like: it ends up in ledger rows and logs. */
export const callerNamePattern = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$/;

/**
 * The bearer tokens the HTTP server accepts, from `RING_MCP_SERVICE_TOKENS` (comma
 * separated; spaces around each entry and empty entries are ignored, duplicates removed).
 * An entry is either a bare token or `name=token`: a named token's name becomes the
 * `audit.actorId` of the jobs it starts (see {@link McpServiceToken}). An entry is read as
 * named when its part before the first `=` is a valid name and the rest is not only `=`
 * signs — so a base64 token ending in `=` padding stays a bare token; a bare token with `=`
 * inside must be given a name. Several tokens let each client have its own and let a token be
 * rotated without downtime (two tokens may share a name). Returns `[]` when the variable is
 * unset or empty — which {@link withMcpGuard} refuses.
 *
 * @param env Where to read the variable. @default process.env
 * @example
 * ```ts
 * // RING_MCP_SERVICE_TOKENS="agent-a=3f9c…, agent-b=77d1…, legacy-bare-token"
 * const tokens = tokensFromEnv();
 * // [{ name: 'agent-a', token: '3f9c…' }, { name: 'agent-b', token: '77d1…' }, 'legacy-bare-token']
 * ```
 */
export function tokensFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): (string | McpServiceToken)[] {
  const raw = env[mcpServiceTokensVariable] ?? '';
  const entries = [...new Set(raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))];
  return entries.map((entry) => {
    const equals = entry.indexOf('=');
    if (equals <= 0) return entry;
    const name = entry.slice(0, equals);
    const token = entry.slice(equals + 1).trim();
    // `abc=`, `abc==`: base64 padding, a bare token.
    if (!callerNamePattern.test(name.trim()) || /^=*$/.test(token)) return entry;
    return { name: name.trim(), token };
  });
}

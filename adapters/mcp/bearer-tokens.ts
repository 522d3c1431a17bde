/** The environment variable holding the accepted bearer tokens, comma separated. */
export const mcpServiceTokensVariable = 'RING_MCP_SERVICE_TOKENS';

/**
 * The bearer tokens the HTTP server accepts, from `RING_MCP_SERVICE_TOKENS` (comma
 * separated; spaces around each token and empty entries are ignored, duplicates removed).
 * Several tokens let each client have its own and let a token be rotated without downtime.
 * Returns `[]` when the variable is unset or empty — which {@link withMcpGuard} refuses.
 *
 * @param env Where to read the variable. @default process.env
 * @example
 * ```ts
 * // RING_MCP_SERVICE_TOKENS="token-for-agent-a, token-for-agent-b"
 * const tokens = tokensFromEnv(); // ['token-for-agent-a', 'token-for-agent-b']
 * ```
 */
export function tokensFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  const raw = env[mcpServiceTokensVariable] ?? '';
  return [...new Set(raw.split(',').map((token) => token.trim()).filter((token) => token !== ''))];
}

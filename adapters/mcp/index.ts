/**
 * `@ring/video-conductor/mcp` — the conductor as Model Context Protocol tools, on the official
 * MCP TypeScript SDK (`@modelcontextprotocol/sdk`, an optional peer dependency).
 *
 * - {@link registerVideoTools}: adds `ring-video-create` and `ring-video-status` to any
 *   `McpServer` of yours.
 * - {@link createVideoMcpServer}: an `McpServer` named `ring-video-conductor` with both tools.
 * - {@link serveMcpStdio}: serves it over stdio (`video-conductor mcp`).
 * - {@link serveMcpHttp}: serves it over Streamable HTTP at `/mcp` with MCP sessions (one
 *   `McpServer` per session, so a client can cancel a call; jobs themselves live in the ledger,
 *   not in the session), behind bearer tokens (`video-conductor mcp --http --port N`).
 * - {@link withMcpGuard} and {@link tokensFromEnv}: the bearer-token gate
 *   (`RING_MCP_SERVICE_TOKENS`, bare or `name=token` entries), with throttling of failed
 *   attempts per client address, for your own node HTTP server.
 *
 * `ring-video-create` mirrors `GenerateVideoRequest` (audit fields flat) plus `wait`
 * (default `true`): it answers the result (`success`, `video.url`, `video.requestId`,
 * `video.recordId`, `sha256`, costs, …) as JSON text and `structuredContent`, sending
 * `notifications/progress` meanwhile; with `wait: false` it answers the `recordId` once the
 * provider accepted the job and finishes it in the background. Moderation is an answer with
 * `success: false`; an invalid request is a tool error naming the field.
 *
 * @example
 * ```ts
 * import { createVideoConductor } from '@ring/video-conductor';
 * import { serveMcpHttp, tokensFromEnv } from '@ring/video-conductor/mcp';
 *
 * const conductor = createVideoConductor({ provider, storage, ledger });
 * const { url } = await serveMcpHttp({ conductor, port: 8123, tokens: tokensFromEnv(process.env) });
 * ```
 *
 * @module
 */
export { videoMcpServerName, videoMcpServerVersion } from './mcp-server-info.js';
export {
  registerVideoTools,
  createVideoToolName,
  videoStatusToolName,
  type RegisterVideoToolsOptions,
  type RegisteredVideoTools,
  type VideoToolErrorContext,
  type VideoToolQueue,
} from './register-video-tools.js';
export { createVideoMcpServer, type VideoMcpServerOptions } from './create-video-mcp-server.js';
export { createLedgerTaskStore, taskResultOf, type LedgerTaskStoreOptions } from './ledger-task-store.js';
export { serveMcpStdio, type McpStdioServer, type ServeMcpStdioOptions } from './serve-mcp-stdio.js';
export { serveMcpHttp, type McpHttpServer, type ServeMcpHttpOptions } from './serve-mcp-http.js';
export { withMcpGuard, mcpAuthRealm, type McpCallerAuthInfo, type McpGuardOptions, type NodeRequestHandler } from './with-mcp-guard.js';
export { tokensFromEnv, mcpServiceTokensVariable, type McpServiceToken } from './bearer-tokens.js';
export { createFailedAuthThrottle, type FailedAuthThrottle, type FailedAuthThrottleOptions } from './failed-auth-throttle.js';
export { isLoopbackAddress, loopbackHostNames } from './allowed-hosts.js';
export type { CreateVideoToolInput, QueuedVideoStatusToolInput, VideoStatusToolInput } from './video-tool-input.js';
export type { VideoToolModerated, VideoToolNotStored, VideoToolQueued, VideoToolResult, VideoToolSubmitted, VideoToolSuccess } from './video-tool-result.js';
export type { VideoStatusView } from './video-status-view.js';
export type { VideoToolError } from './tool-call-result.js';

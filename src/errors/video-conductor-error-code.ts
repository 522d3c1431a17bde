/**
 * A stable error code of the package: every code core and the bundled adapters set on a
 * {@link VideoConductorError}: the one list of them. Each has an entry in `docs/errors.md`
 * saying what to do (test/errors/error-codes-documented.test.ts reads this union). Codes a
 * provider reports for a failed job (`ProviderVideoStatus` `failed.code`) are the
 * provider's own strings and are not listed.
 *
 * `VideoConductorError.code` is typed `VideoConductorErrorCode | (string & {})`: editors
 * complete and check the known codes, while a third-party adapter may still use codes of its
 * own (the `string & {}` keeps the literals from collapsing into plain `string`).
 *
 * @example
 * ```ts
 * function advice(code: VideoConductorErrorCode): string {
 *   switch (code) {
 *     case 'RATE_LIMITED':
 *       return 'wait and retry';
 *     case 'SUBMIT_OUTCOME_UNKNOWN':
 *       return 'call conductor.recover() before submitting again';
 *     default:
 *       return 'see docs/errors.md';
 *   }
 * }
 * ```
 */
export type VideoConductorErrorCode =
  // Base class and its subclasses' defaults.
  | 'VIDEO_CONDUCTOR_ERROR'
  | 'INVALID_REQUEST'
  | 'UNSUPPORTED_CAPABILITY'
  | 'PROVIDER_ERROR'
  | 'RATE_LIMITED'
  | 'MODERATED'
  | 'GENERATION_EXPIRED'
  | 'GENERATION_TIMEOUT'
  | 'STORAGE_ERROR'
  | 'LEDGER_ERROR'
  | 'BUDGET_EXCEEDED'
  // Conductor.
  | 'ABORTED'
  | 'CANCELLED'
  | 'DOWNLOAD_FAILED'
  | 'DOWNLOAD_STALLED'
  | 'DOWNLOAD_TIMEOUT'
  | 'DUPLICATE_IDEMPOTENCY_KEY'
  | 'GENERATION_FAILED'
  | 'INVALID_MEDIA'
  | 'INVALID_PRESETS'
  | 'INVALID_QUERY'
  | 'INVALID_STATE'
  | 'JOB_IN_PROGRESS'
  | 'PERSIST_FAILED'
  | 'RECORD_NOT_FOUND'
  | 'REQUEST_ID_NOT_RECORDED'
  | 'STATUS_CONFLICT'
  | 'SUBMIT_OUTCOME_UNKNOWN'
  | 'TEMPORARY_URL_EXPIRED'
  | 'UNEXPECTED_ERROR'
  | 'URL_REFUSED'
  | 'VIDEO_TOO_LARGE'
  // Provider adapters (xAI, AI SDK bridge, local provider).
  | 'AUTHENTICATION_FAILED'
  | 'HTTP_ERROR'
  | 'INVALID_API_KEY'
  | 'INVALID_REQUEST_ID'
  | 'INVALID_RESPONSE'
  | 'JOB_NOT_FOUND'
  | 'MISSING_API_KEY'
  | 'MISSING_VIDEO_URL'
  | 'NETWORK_ERROR'
  | 'NOT_FOUND'
  | 'NO_VIDEO'
  | 'PERMISSION_DENIED'
  | 'PROVIDER_CLOSED'
  | 'SERVER_ERROR'
  | 'STATUS_UNCONFIRMED'
  | 'TIMEOUT'
  | 'VIDEO_NOT_DOWNLOADABLE'
  // Storage and ledger adapters, thumbnails.
  | 'BODY_STREAM_FAILED'
  | 'CONTENT_LENGTH_MISMATCH'
  | 'FIRST_FRAME_UNAVAILABLE'
  | 'FRAME_EXTRACTION_FAILED'
  | 'MIGRATION_CHECKSUM_MISMATCH'
  | 'THUMBNAIL_RENDER_FAILED'
  // CLI and MCP server.
  | 'BUDGET_REQUIRED'
  | 'INTERRUPTED'
  | 'INVALID_BUDGET'
  | 'INVALID_MANIFEST'
  | 'LEDGER_IN_USE'
  | 'MCP_ALLOWED_HOSTS_MISSING'
  | 'MCP_ALLOWED_HOST_INVALID'
  | 'MCP_TOKENS_MISSING'
  | 'MCP_TOKEN_INVALID'
  | 'MISSING_PEER_DEPENDENCY'
  | 'MISSING_PROVIDER'
  | 'USAGE'
  // The studio console (its HTTP answers carry these codes too).
  | 'ACTION_RUNNING'
  | 'INTERNAL_ERROR'
  | 'STUDIO_ACTIONS_DISABLED'
  | 'STUDIO_ACTION_HEADER_MISSING'
  | 'STUDIO_ALLOWED_HOSTS_MISSING'
  | 'STUDIO_ALLOWED_HOST_INVALID'
  | 'STUDIO_BODY_TOO_LARGE'
  | 'STUDIO_INVALID_FILTER'
  | 'STUDIO_LEDGER_MISSING'
  | 'STUDIO_TOKENS_MISSING'
  | 'STUDIO_TOKEN_INVALID'
  | 'UNAUTHORIZED'
  // The pg-boss queue and MCP tasks.
  | 'JOB_NOT_FINISHED'
  | 'QUEUE_RETRIES_EXHAUSTED';

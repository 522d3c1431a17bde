/**
 * The name the MCP server announces in its `initialize` answer (`serverInfo.name`).
 */
export const videoMcpServerName = 'ring-video-conductor';

/**
 * The version the MCP server announces (`serverInfo.version`): the package's own version.
 * Kept as a constant rather than read from package.json at run time, so the adapter works
 * bundled and in both module formats; `test/mcp/server-info.test.ts` fails when the two drift.
 */
export const videoMcpServerVersion = '0.1.0';

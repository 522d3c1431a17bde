import { InvalidRequestError, type VideoConductor } from '@ring/video-conductor';
import { createLedgerTaskStore, type LedgerTaskStoreOptions } from './ledger-task-store.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { videoMcpServerName, videoMcpServerVersion } from './mcp-server-info.js';
import { registerVideoTools, type RegisterVideoToolsOptions } from './register-video-tools.js';

/** Options of {@link createVideoMcpServer}: those of the tools, plus what the server announces. */
export interface VideoMcpServerOptions extends RegisterVideoToolsOptions {
  /**
   * Instructions the server gives the client at `initialize` (many clients show them to the model).
   * @default a paragraph on the two tools, cost and polling
   */
  instructions?: string;
  /**
   * With `tasks: true`, the ledger that backs the MCP tasks ({@link createLedgerTaskStore}):
   * required then, the same ledger as the conductor's.
   */
  taskLedger?: LedgerTaskStoreOptions['ledger'];
}

/** What the server tells clients about itself unless told otherwise. */
const defaultInstructions =
  'Generates videos with ring-video-create and reads their state with ring-video-status. Every create call spends money at the video provider (see estimatedCostUsd); pass an idempotencyKey so that a retry never pays twice. Long jobs: call with wait=false and poll ring-video-status with the recordId, or keep wait=true and accept progress notifications.';

/**
 * An MCP server (`ring-video-conductor`, the package's version) with `ring-video-create` and
 * `ring-video-status` registered over `conductor`. Connect it to any transport, or use
 * {@link serveMcpStdio} / {@link serveMcpHttp}.
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * import { createVideoMcpServer } from '@ring/video-conductor/mcp';
 *
 * const server = createVideoMcpServer(conductor);
 * await server.connect(new StdioServerTransport());
 * ```
 */
export function createVideoMcpServer(conductor: VideoConductor, options: VideoMcpServerOptions = {}): McpServer {
  const { instructions = defaultInstructions, taskLedger, ...toolOptions } = options;
  if (toolOptions.tasks === true && taskLedger === undefined) {
    throw new InvalidRequestError('Invalid MCP server options: tasks needs taskLedger, the ledger the tasks are read from', { field: 'taskLedger' });
  }
  const taskOptions =
    toolOptions.tasks === true && taskLedger !== undefined
      ? {
          capabilities: { tasks: { requests: { tools: { call: {} } }, list: {}, cancel: {} } },
          taskStore: createLedgerTaskStore({
            ledger: taskLedger,
            cancel: (recordId) => conductor.cancel(recordId),
            ...(toolOptions.queue?.isQueued === undefined ? {} : { isQueued: toolOptions.queue.isQueued }),
          }),
        }
      : {};
  const server = new McpServer({ name: videoMcpServerName, version: videoMcpServerVersion }, { instructions, ...taskOptions });
  registerVideoTools(server, conductor, toolOptions);
  return server;
}

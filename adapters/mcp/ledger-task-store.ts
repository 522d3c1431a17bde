import { randomUUID } from 'node:crypto';
import { VideoConductorError, type Ledger, type VideoRecord } from '@ring/video-conductor';
import type { CreateTaskOptions, TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { CallToolResult, Request, RequestId, Result, Task } from '@modelcontextprotocol/sdk/types.js';
import { jsonToolResult, toolErrorResult } from './tool-call-result.js';
import { resultOfRecord } from './video-status-view.js';

/** Options of {@link createLedgerTaskStore}. */
export interface LedgerTaskStoreOptions {
  /** The ledger the conductor writes to: tasks are its rows, found by idempotency key. */
  ledger: Pick<Ledger, 'findByIdempotencyKey' | 'list'>;
  /**
   * Whether a job of this idempotency key waits in a queue (no row yet), e.g. a pg-boss
   * queue's live job. `undefined`: a key without a row is an unknown task.
   */
  isQueued?: (idempotencyKey: string) => Promise<boolean>;
  /** Called by `tasks/cancel` with the row of the task. `undefined`: the task is not cancelled. */
  cancel?: (recordId: string) => Promise<unknown>;
  /** `pollInterval` the tasks announce, in ms. @default 5000 */
  pollIntervalMs?: number;
}

const completed = new Set(['succeeded', 'moderated']);
const failed = new Set(['failed', 'expired', 'persist_failed']);

/**
 * An MCP `TaskStore` whose tasks are ledger rows: the task id is the job's idempotency key
 * (the caller's `idempotencyKey` argument, or a new UUID), status and result are read from the
 * row. Nothing is kept in memory, so `tasks/get` and `tasks/result` work across server
 * restarts and from any server sharing the ledger. `storeTaskResult` and `updateTaskStatus`
 * write nothing (the conductor writes the row), except that `cancelled` calls `cancel`.
 *
 * Tasks are MCP's experimental API (`server.experimental.tasks`); it may change.
 * @example
 * ```ts
 * import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
 * import { createLedgerTaskStore } from '@ring/video-conductor/mcp';
 *
 * const server = new McpServer(
 *   { name: 'videos', version: '1.0.0' },
 *   { capabilities: { tasks: { requests: { tools: { call: {} } }, list: {}, cancel: {} } }, taskStore: createLedgerTaskStore({ ledger }) },
 * );
 * ```
 */
export function createLedgerTaskStore(options: LedgerTaskStoreOptions): TaskStore {
  const { ledger } = options;
  const pollInterval = options.pollIntervalMs ?? 5000;

  const toTask = (record: VideoRecord, ttl: number | null = null): Task => {
    const status: Task['status'] = completed.has(record.status) ? 'completed' : record.status === 'cancelled' ? 'cancelled' : failed.has(record.status) ? 'failed' : 'working';
    return {
      taskId: record.idempotencyKey!,
      status,
      ttl,
      createdAt: record.createdAt,
      lastUpdatedAt: record.updatedAt,
      pollInterval,
      statusMessage: record.error === null ? record.status : `${record.status}: ${record.error.code}: ${record.error.message}`,
    };
  };

  return {
    async createTask(taskParams: CreateTaskOptions, _requestId: RequestId, request: Request): Promise<Task> {
      const argumentsOf = (request.params as { arguments?: Record<string, unknown> } | undefined)?.arguments;
      const given = argumentsOf?.idempotencyKey;
      const now = new Date().toISOString();
      return {
        taskId: typeof given === 'string' && given !== '' ? given : randomUUID(),
        status: 'working',
        ttl: taskParams.ttl ?? null,
        createdAt: now,
        lastUpdatedAt: now,
        pollInterval: taskParams.pollInterval ?? pollInterval,
        statusMessage: 'queued',
      };
    },

    async getTask(taskId: string): Promise<Task | null> {
      const record = await ledger.findByIdempotencyKey(taskId);
      if (record !== null) return toTask(record);
      if (options.isQueued !== undefined && (await options.isQueued(taskId))) {
        const now = new Date().toISOString();
        return { taskId, status: 'working', ttl: null, createdAt: now, lastUpdatedAt: now, pollInterval, statusMessage: 'queued' };
      }
      return null;
    },

    async storeTaskResult(): Promise<void> {
      // The conductor has written the outcome to the row; the result is read from there.
    },

    async getTaskResult(taskId: string): Promise<Result> {
      const record = await ledger.findByIdempotencyKey(taskId);
      if (record === null) throw new VideoConductorError(`No video task "${taskId}" in the ledger`, { code: 'RECORD_NOT_FOUND' });
      return taskResultOf(record);
    },

    async updateTaskStatus(taskId: string, status: Task['status']): Promise<void> {
      if (status !== 'cancelled' || options.cancel === undefined) return;
      const record = await ledger.findByIdempotencyKey(taskId);
      if (record !== null) await options.cancel(record.id);
    },

    async listTasks(cursor?: string): Promise<{ tasks: Task[]; nextCursor?: string }> {
      const page = await ledger.list({ limit: 50, ...(cursor === undefined ? {} : { cursor }) });
      return {
        tasks: page.records.filter((record) => record.idempotencyKey !== null).map((record) => toTask(record)),
        ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
      };
    },
  };
}

/** The `tools/call` result a finished row stands for: the tool's answer, or its error. */
export function taskResultOf(record: VideoRecord): CallToolResult {
  const result = resultOfRecord(record);
  if (result !== undefined && record.status !== 'persist_failed') return jsonToolResult(result);
  const error = new VideoConductorError(record.error?.message ?? `Video job ${record.id} is ${record.status}`, { code: record.error?.code ?? 'JOB_NOT_FINISHED' });
  return toolErrorResult(error, { recordId: record.id });
}

import { createHash, randomUUID } from 'node:crypto';
import {
  VideoConductorError,
  type GenerateVideoRequest,
  type VideoConductor,
  type VideoConductorEvent,
  type VideoPlan,
  type VideoRecord,
  type VideoStatus,
} from '@ring/video-conductor';
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createProgressReporter } from './progress-reporter.js';
import { jsonToolResult, toolErrorResult } from './tool-call-result.js';
import { createVideoToolInputSchema, type CreateVideoToolInput, queuedVideoStatusToolInputSchema, toGenerateVideoRequest, videoStatusToolInputSchema } from './video-tool-input.js';
import { resultOfRecord, toVideoStatusView } from './video-status-view.js';
import { toVideoToolQueued, toVideoToolResult, toVideoToolSubmitted } from './video-tool-result.js';

/** Name of the tool that makes a video. */
export const createVideoToolName = 'ring-video-create';
/** Name of the tool that reads where a job stands. */
export const videoStatusToolName = 'ring-video-status';

/** Where an error reported to {@link RegisterVideoToolsOptions.onError} came from. */
export interface VideoToolErrorContext {
  /**
   * `ring-video-create`, `ring-video-status`, `background` for a job a `wait: false` call left
   * running, `transport` for a request the HTTP server could not handle.
   */
  source: typeof createVideoToolName | typeof videoStatusToolName | 'background' | 'transport';
  /** The job's ledger record, when known. */
  recordId?: string;
}

/** Options of {@link registerVideoTools}. */
export interface RegisterVideoToolsOptions {
  /**
   * Stops the jobs that `wait: false` calls continue in the background. They stop waiting
   * (`detach`): their ledger rows stay resumable. `undefined`: they run until they end.
   */
  signal?: AbortSignal;
  /**
   * Overrides the conductor's poll timeout for jobs run by these tools, in ms.
   * `undefined`: the conductor's `polling.timeoutMs`.
   */
  timeoutMs?: number;
  /**
   * Receives the errors the answers do not show: unexpected errors (answered only as
   * `UNEXPECTED_ERROR`) and failures of background jobs (recorded in the ledger by the
   * conductor anyway). For the host's log. `undefined`: they are dropped. Exceptions thrown
   * here are ignored.
   */
  onError?: (error: unknown, context: VideoToolErrorContext) => void;
  /**
   * A durable job queue (e.g. `createVideoQueue` from `@ring/video-conductor/pg-boss`). When
   * set, `ring-video-create` with `wait: false` enqueues the job instead of running it in this
   * process, so it survives the server; the answer carries the `idempotencyKey` (a new UUID
   * unless the caller gave one) that `ring-video-status` accepts until the row exists.
   * `undefined`: `wait: false` submits and continues the job in this process.
   */
  queue?: VideoToolQueue;
  /**
   * Registers `ring-video-create` as an MCP task tool (the SDK's experimental
   * `server.experimental.tasks.registerToolTask`, `taskSupport: 'optional'`): a task-augmented
   * call answers at once with a task whose id is the job's idempotency key, and `tasks/get` /
   * `tasks/result` read the ledger row — across server restarts. The server must have been
   * created with a `taskStore` (e.g. {@link createLedgerTaskStore}; `createVideoMcpServer` does
   * this when `tasks` is set). A call without a task then waits for the video (as `wait: true`,
   * without progress notifications). @default false
   */
  tasks?: boolean;
}

/** What {@link RegisterVideoToolsOptions.queue} needs: the `enqueue` and `findRecord` of a video queue. */
export interface VideoToolQueue {
  enqueue(request: GenerateVideoRequest): Promise<{
    recordId: string | null;
    jobId: string | null;
    idempotencyKey: string;
    plan: VideoPlan;
    created: boolean;
    status: VideoStatus | null;
  }>;
  findRecord(idempotencyKey: string): Promise<VideoRecord | null>;
  /** Whether a job of this key waits or runs in the queue; a job sent without a row (earlier versions) is reported as queued. */
  isQueued?(idempotencyKey: string): Promise<boolean>;
}

/** The tools {@link registerVideoTools} registered, e.g. to disable one. */
export interface RegisteredVideoTools {
  create: RegisteredTool;
  status: RegisteredTool;
}

/**
 * Registers `ring-video-create` and `ring-video-status` on an MCP server, backed by a
 * conductor.
 *
 * - `ring-video-create` takes the fields of a `GenerateVideoRequest` (audit fields flat) and
 *   `wait` (default `true`). With `wait: true` it runs the job to its end, sending
 *   `notifications/progress` when the call carries a `progressToken`, and answers the result
 *   as JSON text and `structuredContent`; moderation is a normal answer with
 *   `success: false`. With `wait: false` it answers once the provider accepted the job
 *   (`status: 'submitted'`, `recordId`) and continues the job in the background.
 *   An invalid request is a tool error (`isError: true`) naming the field; other failures are
 *   tool errors with the code and the record id. Cancelling the call stops waiting; a job the
 *   provider accepted stays resumable. When the request was authenticated with a named token
 *   (`extra.authInfo.extra.actorId`, set by `withMcpGuard`), that name is the job's
 *   `audit.actorId`, replacing any `actorId` the caller sent.
 * - `ring-video-status` reads a ledger row by `recordId`: status, request id, URL, sha256,
 *   size, costs, error and, once finished, the result. It never changes anything.
 *
 * @example
 * ```ts
 * import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
 * import { registerVideoTools } from '@ring/video-conductor/mcp';
 *
 * const server = new McpServer({ name: 'my-server', version: '1.0.0' });
 * registerVideoTools(server, conductor);
 * ```
 */
export function registerVideoTools(server: McpServer, conductor: VideoConductor, options: RegisterVideoToolsOptions = {}): RegisteredVideoTools {
  const report = (error: unknown, context: VideoToolErrorContext) => {
    try {
      options.onError?.(error, context);
    } catch {
      // A broken logger must not turn an answer into a protocol error.
    }
  };

  /** Continues an accepted job without holding the tool call; the conductor records its outcome in the ledger. */
  const continueInBackground = (recordId: string) => {
    conductor
      .resume(recordId, { signal: options.signal, timeoutMs: options.timeoutMs, onAbort: 'detach' })
      .catch((error: unknown) => {
        if (options.signal?.aborted === true) return;
        report(error, { source: 'background', recordId });
      });
  };

  const create = options.tasks === true ? registerCreateTaskTool() : server.registerTool(
    createVideoToolName,
    {
      title: 'Create a video',
      description: [
        'Generates a video from a prompt (text-to-video), a starting image (imageUrl or firstFramePrompt) or a source video (sourceVideoUrl, edit or extend), stores it and records it in the ledger.',
        'Spends money at the video provider: estimatedCostUsd in the answer says how much. Use idempotencyKey to make retries safe.',
        'wait=true (default) answers when the video is stored (this can take minutes; progress notifications are sent). wait=false answers with a recordId at once; poll ring-video-status.',
        'Answer: success, video.url (permanent), video.temporaryUrl, video.requestId, video.recordId, sha256, sizeBytes, firstFrame, thumbnail, estimatedCostUsd, actualCostUsd, qualityMode, resolution, warnings. success=false means moderation blocked the video.',
      ].join(' '),
      inputSchema: createVideoToolInputSchema(conductor.presets),
      annotations: { title: 'Create a video', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
    },
    async (input, extra) => {
      const request = toGenerateVideoRequest(input);
      // A named bearer token (withMcpGuard) decides the actor: a caller must not pick its own, or per-actor budgets mean nothing.
      const actorId = namedActorOf(extra);
      if (actorId !== undefined) {
        request.audit = { ...request.audit, actorId };
        // Keys are the caller's own: another caller reusing one must start its own job, never read this one.
        if (request.idempotencyKey !== undefined) request.idempotencyKey = scopedIdempotencyKey(actorId, request.idempotencyKey);
      }
      let recordId: string | undefined;
      const reportProgress = createProgressReporter({ progressToken: extra._meta?.progressToken, sendNotification: extra.sendNotification });
      const onEvent = (event: VideoConductorEvent) => {
        if (event.type === 'planned') recordId = event.recordId;
        reportProgress(event);
      };
      try {
        if (input.wait) {
          const result = await conductor.generate(request, { signal: extra.signal, onEvent, timeoutMs: options.timeoutMs });
          return jsonToolResult(toVideoToolResult(result));
        }
        if (options.queue !== undefined) {
          // The caller's key (or a new one) is what ring-video-status takes; the ledger's is scoped to the actor.
          const callerKey = typeof input.idempotencyKey === 'string' ? input.idempotencyKey : randomUUID();
          request.idempotencyKey = actorId === undefined ? callerKey : scopedIdempotencyKey(actorId, callerKey);
          const enqueued = await options.queue.enqueue(request);
          return jsonToolResult(toVideoToolQueued({ ...enqueued, idempotencyKey: callerKey }));
        }
        const submitted = await conductor.submit(request, { signal: extra.signal, onEvent });
        continueInBackground(submitted.recordId);
        return jsonToolResult(toVideoToolSubmitted(submitted));
      } catch (error) {
        // `submit` reports a first frame blocked by moderation as an error; it is an outcome like any moderation.
        if (VideoConductorError.isInstance(error) && error.code === 'MODERATED' && recordId !== undefined) {
          const moderated = await conductor.get(recordId).catch(() => null);
          const result = moderated === null ? undefined : resultOfRecord(moderated);
          if (result !== undefined) return jsonToolResult(result);
        }
        if (!VideoConductorError.isInstance(error) && extra.signal.aborted !== true) report(error, { source: createVideoToolName, recordId });
        return toolErrorResult(error, { recordId, idempotencyKey: request.idempotencyKey, signal: extra.signal });
      }
    },
  );

  /** `ring-video-create` as a task tool: the job is started (queued or submitted), the ledger tracks it. */
  function registerCreateTaskTool(): RegisteredTool {
    return server.experimental.tasks.registerToolTask(
      createVideoToolName,
      {
        title: 'Create a video',
        description:
          'Generates a video and stores it; spends money at the video provider (estimatedCostUsd). Call it as a task: the task id is the job\'s idempotencyKey; tasks/get reports the ledger status and tasks/result answers the video (or the error) once it is final, also after a server restart.',
        inputSchema: createVideoToolInputSchema(conductor.presets),
        annotations: { title: 'Create a video', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
        execution: { taskSupport: 'optional' },
      },
      {
        async createTask(input, extra) {
          const task = await extra.taskStore.createTask({ ...(extra.taskRequestedTtl === undefined ? {} : { ttl: extra.taskRequestedTtl }) });
          // The SDK validated the arguments against the schema before this call.
          const request = toGenerateVideoRequest(input as CreateVideoToolInput);
          const actorId = namedActorOf(extra);
          if (actorId !== undefined) request.audit = { ...request.audit, actorId };
          request.idempotencyKey = task.taskId;
          if (options.queue !== undefined) {
            await options.queue.enqueue(request);
          } else {
            const submitted = await conductor.submit(request, { signal: extra.signal });
            continueInBackground(submitted.recordId);
          }
          return { task: (await extra.taskStore.getTask(task.taskId)) ?? task };
        },
        async getTask(_input, extra) {
          const task = await extra.taskStore.getTask(extra.taskId);
          if (task === null) throw new VideoConductorError(`No video task "${extra.taskId}"`, { code: 'RECORD_NOT_FOUND' });
          return task;
        },
        async getTaskResult(_input, extra) {
          return (await extra.taskStore.getTaskResult(extra.taskId)) as CallToolResult;
        },
      },
    );
  }

  const status = server.registerTool(
    videoStatusToolName,
    {
      title: 'Video job status',
      description:
        'Reads a video job from the ledger by the recordId ring-video-create returned (or, for a queued job, its idempotencyKey): status (queued, pending, submitted, generating, persisting, succeeded, persist_failed, moderated, failed, expired, timed_out, cancelled), done, requestId, url, sha256, sizeBytes, costs, error, and once finished the same result ring-video-create answers. Read-only and free.',
      // Cast: both schemas give `recordId`; only the queued one may give `idempotencyKey` instead.
      inputSchema: (options.queue === undefined ? videoStatusToolInputSchema() : queuedVideoStatusToolInputSchema()) as ReturnType<typeof queuedVideoStatusToolInputSchema>,
      annotations: { title: 'Video job status', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ recordId: givenRecordId, idempotencyKey }, extra) => {
      const recordId = givenRecordId ?? idempotencyKey ?? '';
      try {
        const actorId = namedActorOf(extra);
        if (givenRecordId === undefined && idempotencyKey === undefined) {
          return toolErrorResult(new VideoConductorError('Invalid ring-video-status call: give recordId, or the idempotencyKey of a queued job', { code: 'INVALID_REQUEST' }));
        }
        let found: VideoRecord | null;
        if (givenRecordId !== undefined) {
          found = await conductor.get(givenRecordId);
        } else {
          const key = actorId === undefined ? idempotencyKey! : scopedIdempotencyKey(actorId, idempotencyKey!);
          found = options.queue === undefined ? null : await options.queue.findRecord(key);
          if (found === null && options.queue !== undefined && (await options.queue.isQueued?.(key)) === true) {
            // A job sent by an earlier version of the queue, whose row is written by its first delivery.
            return jsonToolResult({ status: 'queued', done: false, idempotencyKey, next: 'The job waits for a worker. Call ring-video-status again later.' });
          }
        }
        // A named caller sees its own jobs only; another's answers exactly as a missing one (no oracle).
        const record = found !== null && actorId !== undefined && found.audit.actorId !== actorId ? null : found;
        if (record === null) {
          return toolErrorResult(new VideoConductorError(`No video record "${recordId}" in the ledger`, { code: 'RECORD_NOT_FOUND' }));
        }
        return jsonToolResult(toVideoStatusView(record, await conductor.url(record.id)));
      } catch (error) {
        if (!VideoConductorError.isInstance(error)) report(error, { source: videoStatusToolName, recordId });
        return toolErrorResult(error, { recordId });
      }
    },
  );

  return { create, status };
}

/** The actor of a request authenticated with a named service token (`withMcpGuard`), if any. */
function namedActorOf(extra: { authInfo?: { extra?: Record<string, unknown> } }): string | undefined {
  const actorId = extra.authInfo?.extra?.actorId;
  return typeof actorId === 'string' ? actorId : undefined;
}

/**
 * The ledger key of a named caller's idempotency key: the actor's name and the key, so two
 * callers with the same key never share a job. Stays within the 200 characters a key may have.
 */
function scopedIdempotencyKey(actorId: string, key: string): string {
  const scoped = `${actorId}:${key}`;
  return scoped.length <= 200 ? scoped : `${actorId.slice(0, 64)}:${createHash('sha256').update(scoped).digest('hex')}`;
}

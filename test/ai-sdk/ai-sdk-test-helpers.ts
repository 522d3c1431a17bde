import { APICallError, type Experimental_VideoModelV4OperationStatusResult as StatusResult, type Experimental_VideoModelV4VideoData as VideoData } from '@ai-sdk/provider';
import type { Sleep } from '@ring/video-conductor';
import { MockVideoModelV4 } from 'ai/test';

/** The `response` block every AI SDK result carries. */
export const response = (modelId = 'mock-video') => ({ timestamp: new Date(0), modelId, headers: undefined });

/** How one job of {@link createJobModel} evolves: the statuses returned by successive `doStatus` calls (the last repeats). */
export type JobScript = Array<
  | { status: 'pending'; progress?: number }
  | { status: 'completed'; video: VideoData; metadata?: Record<string, unknown> }
  | { status: 'error'; error: string }
>;

/**
 * The AI SDK's own `MockVideoModelV4` (from `ai/test`) driving jobs like a real asynchronous
 * provider: `doStart` answers `{ operation: { jobId } }`, `doStatus` plays the job's script,
 * and an unknown job id throws the `APICallError` 404 a real HTTP provider would.
 */
export function createJobModel(options: { script?: (prompt: string | undefined) => JobScript; provider?: string; modelId?: string } = {}) {
  const jobs = new Map<string, { script: JobScript; polls: number }>();
  const starts: Parameters<NonNullable<MockVideoModelV4['doStart']>>[0][] = [];
  const statusCalls: unknown[] = [];
  let next = 0;
  const modelId = options.modelId ?? 'mock-video';
  const model = new MockVideoModelV4({
    provider: options.provider ?? 'mock.video',
    modelId,
    doStart: async (callOptions) => {
      starts.push(callOptions);
      callOptions.abortSignal?.throwIfAborted();
      const jobId = `job-${++next}`;
      jobs.set(jobId, {
        polls: 0,
        script: options.script?.(callOptions.prompt) ?? [
          { status: 'pending' },
          { status: 'pending', progress: 50 },
          { status: 'completed', video: { type: 'url', url: `https://cdn.mock.test/${jobId}.mp4`, mediaType: 'video/mp4' } },
        ],
      });
      return { operation: { jobId }, warnings: [], response: response(modelId) };
    },
    doStatus: async ({ operation, abortSignal }) => {
      statusCalls.push(operation);
      abortSignal?.throwIfAborted();
      const jobId = (operation as { jobId?: unknown } | null)?.jobId;
      const job = typeof jobId === 'string' ? jobs.get(jobId) : undefined;
      if (job === undefined) {
        throw new APICallError({ message: 'Not Found', url: `https://api.mock.test/v1/jobs/${String(jobId)}`, requestBodyValues: undefined, statusCode: 404 });
      }
      const step = job.script[Math.min(job.polls, job.script.length - 1)]!;
      job.polls += 1;
      return toStatusResult(step, modelId);
    },
  });
  return { model, starts, statusCalls, jobs };
}

function toStatusResult(step: JobScript[number], modelId: string): StatusResult {
  switch (step.status) {
    case 'pending':
      return { status: 'pending', response: response(modelId), ...(step.progress === undefined ? {} : { providerMetadata: { mock: { progress: step.progress } } }) };
    case 'completed':
      return { status: 'completed', videos: [step.video], warnings: [], response: response(modelId), ...(step.metadata === undefined ? {} : { providerMetadata: { mock: step.metadata as never } }) };
    case 'error':
      return { status: 'error', error: step.error, response: response(modelId) };
  }
}

/** A sleep on fake time: records each wait and returns at once (unless aborted). */
export function fakeSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      waits.push(ms);
    },
  };
}

/** Resolves with the rejection of `promise` (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

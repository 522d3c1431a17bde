import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult, Progress } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { endlessMarker, moderatedMarker } from './mcp-test-conductor.js';

/** A client connected to a server of the video tools, over some transport. */
export interface ConnectedVideoTools {
  client: Client;
  /** What the scripted provider behind the server received so far: `submit` and `getStatus` calls. */
  providerCalls(): Promise<ProviderCallCounts>;
}

/** Counts of the calls the scripted provider received. */
export interface ProviderCallCounts {
  submitCount: number;
  statusCount: number;
}

/** Calls a tool and returns its answer with the text content parsed as JSON (when it is JSON). */
export async function callTool(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  options: { onprogress?: (progress: Progress) => void; signal?: AbortSignal } = {},
): Promise<{ result: CallToolResult; text: string; json: unknown }> {
  const result = (await client.callTool({ name, arguments: args }, undefined, {
    timeout: 15_000,
    resetTimeoutOnProgress: true,
    ...options,
  })) as CallToolResult;
  const text = result.content
    .flatMap((part) => (part.type === 'text' ? [part.text] : []))
    .join('\n');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { result, text, json };
}

/** Polls `ring-video-status` until the job is done; returns the last view. */
export async function pollStatusUntilDone(client: Client, recordId: string, seen: string[] = []): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { result, json } = await callTool(client, 'ring-video-status', { recordId });
    expect(result.isError).toBeFalsy();
    const view = json as Record<string, unknown>;
    seen.push(String(view.status));
    if (view.done === true) return view;
    if (Date.now() > deadline) throw new Error(`record ${recordId} still ${String(view.status)} after 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

/**
 * The behaviour both transports must show, driven through the MCP SDK's own `Client`.
 * `connection()` is called inside each test, after the caller's `beforeAll` connected.
 */
export function describeVideoToolScenarios(transport: string, connection: () => ConnectedVideoTools): void {
  describe(`video tools over ${transport}`, () => {
    it('lists ring-video-create and ring-video-status with their input schemas', async () => {
      const { tools } = await connection().client.listTools();
      const create = tools.find((tool) => tool.name === 'ring-video-create');
      const status = tools.find((tool) => tool.name === 'ring-video-status');
      expect(create, 'ring-video-create is listed').toBeDefined();
      expect(status, 'ring-video-status is listed').toBeDefined();

      const createSchema = create!.inputSchema as { properties: Record<string, Record<string, unknown>>; required?: string[]; additionalProperties?: unknown };
      expect(Object.keys(createSchema.properties).sort()).toEqual(
        [
          'prompt',
          'qualityMode',
          'imageUrl',
          'firstFramePrompt',
          'sourceVideoUrl',
          'sourceVideoDurationSec',
          'referenceImageUrls',
          'generateAudio',
          'lastFrameUrl',
          'operation',
          'remaster',
          'durationSec',
          'aspectRatio',
          'thumbnail',
          'clipId',
          'pipelineRequestId',
          'refCode',
          'actorId',
          'idempotencyKey',
          'wait',
        ].sort(),
      );
      expect(createSchema.required).toEqual(['prompt']);
      expect(createSchema.additionalProperties).toBe(false);
      expect(createSchema.properties.prompt).toMatchObject({ type: 'string' });
      expect(createSchema.properties.durationSec).toMatchObject({ type: 'integer' });
      expect(createSchema.properties.remaster).toMatchObject({ type: 'boolean' });
      expect(createSchema.properties.wait).toMatchObject({ type: 'boolean', default: true });
      expect(String(createSchema.properties.qualityMode?.description)).toContain('draft_i2v');
      expect(create!.annotations).toMatchObject({ readOnlyHint: false, openWorldHint: true });

      const statusSchema = status!.inputSchema as { properties: Record<string, unknown>; required?: string[] };
      expect(Object.keys(statusSchema.properties)).toEqual(['recordId']);
      expect(statusSchema.required).toEqual(['recordId']);
      expect(status!.annotations).toMatchObject({ readOnlyHint: true });
    });

    it('create with wait: true sends increasing progress notifications and answers the stored video', async () => {
      const progress: Progress[] = [];
      const { result, text, json } = await callTool(
        connection().client,
        'ring-video-create',
        { prompt: 'A drone shot over Kyiv at dawn', durationSec: 6, aspectRatio: '9:16', clipId: 'intro' },
        { onprogress: (update) => progress.push(update) },
      );
      expect(result.isError, text).toBeFalsy();
      expect(result.structuredContent).toEqual(json);
      expect(json).toMatchObject({
        success: true,
        status: 'succeeded',
        qualityMode: 'draft',
        resolution: '480p',
        estimatedCostUsd: 0.3,
        actualCostUsd: 0.3,
        firstFrame: null,
        thumbnail: null,
        warnings: [],
        video: {
          url: expect.stringMatching(/^memory:\/\/video-conductor\/videos\/.+\.mp4$/),
          // Permanent (memory storage); the provider's temporary URL is never handed out.
          urlExpiresAt: null,
          requestId: expect.stringMatching(/^job-\d+$/),
          persisted: true,
          durationSec: 6,
          aspectRatio: '9:16',
        },
      });
      const answer = json as { recordId: string; sha256: string; sizeBytes: number; video: { recordId: string } };
      expect(answer.video.recordId).toBe(answer.recordId);
      expect(text).not.toContain('scripted.video.test');
      expect(answer.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(answer.sizeBytes).toBeGreaterThan(0);

      // One per stage at least: submitted, three polls, persisting, persisted.
      expect(progress.length).toBeGreaterThanOrEqual(3);
      const values = progress.map((update) => update.progress);
      for (let index = 1; index < values.length; index++) expect(values[index]!).toBeGreaterThan(values[index - 1]!);
      expect(progress.every((update) => update.total === 100)).toBe(true);
      expect(values.at(-1)!).toBeLessThan(100);
      expect(progress.map((update) => update.message).join(' | ')).toContain('generating 70%');
    });

    it('create with wait: false answers once submitted; ring-video-status then follows the job to succeeded', async () => {
      const { client } = connection();
      const before = (await connection().providerCalls()).submitCount;
      const { result, text, json } = await callTool(client, 'ring-video-create', { prompt: 'A fox in the snow', wait: false, refCode: 'ORDER-7' });
      expect(result.isError, text).toBeFalsy();
      expect(json).toMatchObject({ status: 'submitted', recordId: expect.any(String), requestId: expect.stringMatching(/^job-\d+$/), qualityMode: 'draft' });
      expect(result.structuredContent).toEqual(json);
      expect((await connection().providerCalls()).submitCount).toBe(before + 1);

      const seen: string[] = [];
      const view = await pollStatusUntilDone(client, (json as { recordId: string }).recordId, seen);
      expect(view).toMatchObject({
        recordId: (json as { recordId: string }).recordId,
        status: 'succeeded',
        done: true,
        requestId: (json as { requestId: string }).requestId,
        url: expect.stringMatching(/^memory:\/\//),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
        sizeBytes: expect.any(Number),
        estimatedCostUsd: 0.4,
        actualCostUsd: 0.3,
        error: null,
        result: { success: true, status: 'succeeded', video: { requestId: (json as { requestId: string }).requestId } },
      });
      expect((view.result as { video: { url: string } }).video.url).toBe(view.url);
      expect((view.result as { sha256: string }).sha256).toBe(view.sha256);
      // Only the background job moved the row on: status polls were reads.
      expect(seen.at(-1)).toBe('succeeded');
      expect((await connection().providerCalls()).submitCount).toBe(before + 1);
    });

    it('a moderated job is a normal answer with success: false, not a tool error', async () => {
      const { result, text, json } = await callTool(connection().client, 'ring-video-create', { prompt: `A scene ${moderatedMarker}` });
      expect(result.isError, text).toBeFalsy();
      expect(json).toMatchObject({
        success: false,
        status: 'moderated',
        video: null,
        message: 'Blocked by the scripted moderation',
        requestId: expect.stringMatching(/^job-\d+$/),
      });
      const view = await pollStatusUntilDone(connection().client, (json as { recordId: string }).recordId);
      expect(view).toMatchObject({ status: 'moderated', result: { success: false, status: 'moderated' } });
    });

    it('an invalid request is a tool error naming the field, and nothing is submitted', async () => {
      const before = (await connection().providerCalls()).submitCount;
      const outOfRange = await callTool(connection().client, 'ring-video-create', { prompt: 'Too long a clip', durationSec: 99 });
      expect(outOfRange.result.isError).toBe(true);
      expect(outOfRange.text).toContain('durationSec');
      expect(outOfRange.text).toContain('INVALID_REQUEST');
      expect(outOfRange.result.structuredContent).toMatchObject({ error: { code: 'INVALID_REQUEST', field: 'durationSec', retryable: false } });

      const notWhole = await callTool(connection().client, 'ring-video-create', { prompt: 'Half seconds', durationSec: 2.5 });
      expect(notWhole.result.isError).toBe(true);
      expect(notWhole.text).toContain('durationSec');

      const unknownField = await callTool(connection().client, 'ring-video-create', { prompt: 'Typo', duration: 6 });
      expect(unknownField.result.isError).toBe(true);
      expect(unknownField.text).toContain('duration');

      const badUrl = await callTool(connection().client, 'ring-video-create', { prompt: 'From an image', imageUrl: 'http://insecure.test/a.png' });
      expect(badUrl.result.isError).toBe(true);
      expect(badUrl.result.structuredContent).toMatchObject({ error: { field: 'imageUrl' } });

      for (const answer of [outOfRange, notWhole, unknownField, badUrl]) expect(answer.text).not.toMatch(/\n\s+at /);
      expect((await connection().providerCalls()).submitCount).toBe(before);
    });

    it('cancelling a wait: true call makes the server stop polling the provider', async () => {
      const controller = new AbortController();
      const call = callTool(
        connection().client,
        'ring-video-create',
        { prompt: `Cancelled while waiting ${endlessMarker}` },
        {
          signal: controller.signal,
          // Cancel once the job is being polled: the provider accepted it, so it must stay resumable.
          onprogress: (progress) => {
            if (progress.progress > 10) controller.abort();
          },
        },
      );
      await expect(call).rejects.toThrow(/abort/i);
      await new Promise((resolve) => setTimeout(resolve, 150));
      const settled = (await connection().providerCalls()).statusCount;
      await new Promise((resolve) => setTimeout(resolve, 150));
      // With a 20 ms interval a job still polled would add several calls meanwhile.
      expect((await connection().providerCalls()).statusCount).toBe(settled);
    });

    it('ring-video-status of an unknown record is a tool error', async () => {
      const { result, text } = await callTool(connection().client, 'ring-video-status', { recordId: 'no-such-record' });
      expect(result.isError).toBe(true);
      expect(text).toContain('RECORD_NOT_FOUND');
      expect(text).toContain('no-such-record');
    });
  });
}

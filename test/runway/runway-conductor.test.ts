import { createHash } from 'node:crypto';
import { createVideoConductor, InvalidRequestError, type VideoConductorOptions } from '@ring/video-conductor';
import { createFakeTime, createTestMp4, MemoryLedger, MemoryStorage, publicTestLookup } from '@ring/video-conductor/testing';
import { createRunway, runwayPresets } from '@ring/video-conductor/runway';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiBase, canaryKey, rejectionOf, runwayEmulator, taskBodies, useRunwayMockServer, type TaskBody } from './runway-test-server.js';

const { server, seen } = useRunwayMockServer();
const mp4 = createTestMp4(200_000);
const cdn = 'https://dnznrvs05pmza.cloudfront.net';
const frameUrl = `${cdn}/frame-0001.png?_jwt=frame`;
const videoUrl = (id: string) => `${cdn}/${id}.mp4?_jwt=video`;

/** A conductor on memory storage and ledger, fake time, and the Runway adapter over the real SDK and msw. */
function setup(script: (id: string, endpoint: string, body: Record<string, unknown>) => TaskBody[], ledger?: MemoryLedger, extra: Partial<VideoConductorOptions> = {}) {
  const emulator = runwayEmulator(canaryKey, script);
  server.use(
    ...emulator.handlers,
    http.get(`${cdn}/:file`, () => new HttpResponse(mp4, { headers: { 'content-type': 'video/mp4', 'content-length': String(mp4.byteLength) } })),
  );
  const time = createFakeTime();
  const runway = createRunway({ apiKey: canaryKey, sleep: time.sleep, clock: time.clock, imagePollIntervalMs: 5000 });
  const storage = new MemoryStorage();
  const rows = ledger ?? new MemoryLedger({ clock: time.clock });
  const conductor = createVideoConductor({
    provider: runway.video,
    imageProvider: runway.image,
    presets: runwayPresets,
    storage,
    ledger: rows,
    urlPolicy: { lookup: publicTestLookup },
    clock: time.clock,
    sleep: time.sleep,
    ...extra,
  });
  return { conductor, storage, ledger: rows, emulator, time };
}

const wireLines = async () => (await seen()).map((request) => `${request.method} ${request.path.replace(/\?.*$/, '')}`);
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('conductor end to end through the Runway adapter (official SDK, msw)', () => {
  it('text-to-video: production on gen4.5, 9:16 → 720:1280, polls PENDING → RUNNING → SUCCEEDED, stores the MP4 and the billed credits', async () => {
    const { conductor, storage, ledger } = setup((id) => [taskBodies.pending(id), taskBodies.running(id, 0.4), taskBodies.succeeded(id, videoUrl(id), 72)]);
    const progress: number[] = [];
    const result = await conductor.generate(
      { prompt: 'A drone shot over Kyiv at dawn', qualityMode: 'production', durationSec: 6, aspectRatio: '9:16' },
      { onEvent: (event) => void (event.type === 'progress' && event.progress !== undefined && progress.push(event.progress)) },
    );

    const wire = await seen();
    const taskId = result.success ? result.video.requestId : '';
    expect(wire.map((request) => `${request.method} ${request.path.replace(/\?.*$/, '')}`)).toEqual([
      'POST /v1/text_to_video',
      `GET /v1/tasks/${taskId}`,
      `GET /v1/tasks/${taskId}`,
      `GET /v1/tasks/${taskId}`,
      `GET /${taskId}.mp4`,
    ]);
    expect(JSON.parse(wire[0]!.body)).toEqual({ model: 'gen4.5', promptText: 'A drone shot over Kyiv at dawn', ratio: '720:1280', duration: 6 });
    expect(wire[0]!.headers).toMatchObject({ authorization: `Bearer ${canaryKey}`, 'x-runway-version': '2024-11-06', 'x-stainless-retry-count': '0' });
    // The download of the temporary URL carries no API key.
    expect(wire[4]!.headers.authorization).toBeUndefined();
    expect(progress).toContain(40);

    expect(result).toMatchObject({ success: true, status: 'succeeded', qualityMode: 'production', model: 'gen4.5', estimatedCostUsd: 0.72, actualCostUsd: 0.72 });
    expect(result).toMatchObject({ sha256: sha256(mp4), sizeBytes: mp4.byteLength });
    expect(storage.read(`videos/${result.recordId}.mp4`)).toEqual(mp4);
    const row = await ledger.get(result.recordId);
    expect(row).toMatchObject({ status: 'succeeded', provider: 'runway', requestId: taskId, model: 'gen4.5', aspectRatio: '9:16', durationSec: 6, actualCostUsd: 0.72 });
    expect(JSON.stringify(row)).not.toContain(canaryKey);
  });

  it('image-to-video: a gen4_image first frame (polled as a task), then draft_i2v on gen4_turbo with the frame as promptImage', async () => {
    const { conductor, ledger } = setup((id, endpoint) =>
      endpoint === 'text_to_image'
        ? [taskBodies.running(id, 0.5, 5), taskBodies.succeeded(id, frameUrl, 5)]
        : [taskBodies.throttled(id, 25), taskBodies.succeeded(id, videoUrl(id), 25)],
    );
    const result = await conductor.generate({ prompt: 'The gate opens', firstFramePrompt: 'A castle gate at dusk', durationSec: 5, aspectRatio: '1:1' });

    const wire = await seen();
    const lines = wire.map((request) => `${request.method} ${request.path.replace(/\/tasks\/[^/?]+/, '/tasks/{id}').replace(/\?.*$/, '')}`);
    expect(lines.slice(0, 4)).toEqual(['POST /v1/text_to_image', 'GET /v1/tasks/{id}', 'GET /v1/tasks/{id}', 'POST /v1/image_to_video']);
    expect(JSON.parse(wire[0]!.body)).toEqual({ model: 'gen4_image', promptText: 'A castle gate at dusk', ratio: '720:720' });
    expect(JSON.parse(wire[3]!.body)).toEqual({ model: 'gen4_turbo', promptImage: frameUrl, promptText: 'The gate opens', ratio: '960:960', duration: 5 });
    expect(result).toMatchObject({ success: true, qualityMode: 'draft_i2v', model: 'gen4_turbo', estimatedCostUsd: 0.3, actualCostUsd: 0.3 });
    expect(result.success && result.firstFrame).toMatchObject({ source: 'generated', url: frameUrl, provider: 'runway', model: 'gen4_image' });
    expect(await ledger.get(result.recordId)).toMatchObject({ status: 'succeeded', imageUrl: frameUrl });
  });

  it('SAFETY.OUTPUT moderation: success false, status moderated, nothing stored', async () => {
    const { conductor, storage, ledger } = setup((id) => [taskBodies.running(id, 0.9), taskBodies.failed(id, 'SAFETY.OUTPUT.VIDEO', 'Output rejected by content moderation')]);
    const result = await conductor.generate({ prompt: 'something the filter dislikes', durationSec: 4 });
    expect(result).toMatchObject({ success: false, status: 'moderated', video: null });
    expect(storage.keys()).toEqual([]);
    expect(await ledger.get(result.recordId)).toMatchObject({
      status: 'moderated',
      storageKey: null,
      error: { code: 'MODERATED', message: expect.stringContaining('SAFETY.OUTPUT.VIDEO') },
    });
    const lines = await wireLines();
    expect(lines.filter((line) => line.endsWith('.mp4'))).toEqual([]);
    expect(lines.at(-1)).toMatch(/^GET \/v1\/tasks\//);
  });

  it('a task cancelled outside the conductor ends the row cancelled (providerCancelled), with the billed credits, nothing stored', async () => {
    const { conductor, storage, ledger } = setup((id) => [taskBodies.running(id, 0.4), { ...taskBodies.cancelled(id), cost: { credits: 12 } }]);
    let recordId = '';
    const error = await rejectionOf(conductor.generate({ prompt: 'stopped in the dashboard', durationSec: 5 }, { onEvent: (event) => (recordId = event.recordId) }));
    expect(error).toMatchObject({ code: 'CANCELLED', isRetryable: false, recordId });
    expect(await ledger.get(recordId)).toMatchObject({
      status: 'cancelled',
      actualCostUsd: 0.12,
      error: { code: 'CANCELLED', providerCancelled: true, step: 'poll' },
    });
    expect(storage.keys()).toEqual([]);
  });

  it('THROTTLED for a while, then done', async () => {
    const { conductor } = setup((id) => [taskBodies.throttled(id), taskBodies.throttled(id), taskBodies.throttled(id), taskBodies.succeeded(id, videoUrl(id))]);
    const result = await conductor.generate({ prompt: 'Waves at dusk', durationSec: 5 });
    expect(result).toMatchObject({ success: true, status: 'succeeded' });
    expect((await wireLines()).filter((line) => line.startsWith('GET /v1/tasks/'))).toHaveLength(4);
  });

  it("onAbort: 'cancel' deletes the task (DELETE on the wire) and the row ends cancelled", async () => {
    const controller = new AbortController();
    const { conductor, ledger } = setup((id) => [taskBodies.running(id, 0.1)]);
    let recordId = '';
    const running = conductor.generate(
      { prompt: 'A long shot', durationSec: 10 },
      {
        signal: controller.signal,
        onAbort: 'cancel',
        onEvent: (event) => {
          recordId = event.recordId;
          if (event.type === 'progress') controller.abort(new Error('user pressed stop'));
        },
      },
    );
    expect(await rejectionOf(running)).toMatchObject({ message: 'user pressed stop' });
    const row = await ledger.get(recordId);
    expect(row).toMatchObject({ status: 'cancelled' });
    expect(await wireLines()).toContain(`DELETE /v1/tasks/${row!.requestId}`);
  });

  it('crash after submit, then recover() on the same ledger finishes the job with one submit', async () => {
    const first = setup((id) => [taskBodies.pending(id), taskBodies.succeeded(id, videoUrl(id))]);
    // The first process submits (a paid POST) and dies before it polls.
    const submitted = await first.conductor.submit({ prompt: 'left behind', durationSec: 5 });
    first.time.advance(5 * 60_000);
    // A second process, on the same ledger, takes it over.
    const second = setup(() => [], first.ledger);
    second.emulator.tasks.clear();
    for (const [id, task] of first.emulator.tasks) second.emulator.tasks.set(id, task);
    const report = await second.conductor.recover({ staleAfterMs: 60_000 });

    expect(report).toEqual({ claimed: 1, outcomes: [{ recordId: submitted.recordId, status: 'succeeded' }] });
    expect((await wireLines()).filter((line) => line.startsWith('POST '))).toEqual(['POST /v1/text_to_video']);
    expect(second.storage.read(`videos/${submitted.recordId}.mp4`)).toEqual(mp4);
    expect(await first.ledger.get(submitted.recordId)).toMatchObject({ status: 'succeeded', requestId: submitted.requestId });
  });

  it('an aspect ratio with no Runway ratio is refused before any call and any ledger row', async () => {
    const { conductor, ledger } = setup(() => []);
    const error = await rejectionOf(conductor.generate({ prompt: 'Square please', aspectRatio: '1:1' }));
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ field: 'aspectRatio' });
    const error32 = await rejectionOf(conductor.generate({ prompt: 'Classic film', imageUrl: 'https://cdn.example.com/a.png', aspectRatio: '3:2' }));
    expect(error32).toMatchObject({ field: 'aspectRatio' });
    expect(await seen()).toEqual([]);
    expect((await ledger.list({})).records).toEqual([]);
  });

  it('estimate() of a production job is duration × 12 credits × 0.01 USD', () => {
    const { conductor } = setup(() => []);
    for (const durationSec of [2, 5, 7, 10]) {
      const plan = conductor.estimate({ prompt: 'Waves at dusk', qualityMode: 'production', durationSec });
      expect(plan).toMatchObject({ model: 'gen4.5', qualityMode: 'production' });
      expect(plan.estimatedCostUsd).toBe(Math.round(durationSec * 12) / 100);
    }
    expect(conductor.estimate({ prompt: 'x', qualityMode: 'draft_i2v', imageUrl: 'https://cdn.example.com/a.png', durationSec: 10 }).estimatedCostUsd).toBe(0.5);
  });
});

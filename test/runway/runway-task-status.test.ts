import { createRunwayVideoProvider } from '@ring/video-conductor/runway';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { apiBase, canaryKey, fakeSleep, rejectionOf, taskBodies, useRunwayMockServer, type TaskBody } from './runway-test-server.js';

const { server, seen } = useRunwayMockServer();
const id = '0b4c3e6f-1d2a-4f5b-9c8d-7e6f5a4b3c2d';
const video = () => createRunwayVideoProvider({ apiKey: canaryKey, sleep: fakeSleep().sleep, maxRetries: 0 });
const answer = (body: TaskBody | Record<string, unknown>) => server.use(http.get(`${apiBase}/v1/tasks/${id}`, () => HttpResponse.json(body)));

describe('Runway task → port status (GET /v1/tasks/{id})', () => {
  it('PENDING, THROTTLED and RUNNING are pending; progress 0–1 becomes percent', async () => {
    answer(taskBodies.pending(id));
    expect(await video().getStatus(id)).toEqual({ state: 'pending' });
    answer(taskBodies.throttled(id));
    expect(await video().getStatus(id)).toEqual({ state: 'pending' });
    answer(taskBodies.running(id, 0.275));
    expect(await video().getStatus(id)).toEqual({ state: 'pending', progress: 28 });
  });

  it('SUCCEEDED is done with the first output URL and the billed credits in USD', async () => {
    answer(taskBodies.succeeded(id, 'https://dnznrvs05pmza.cloudfront.net/out.mp4?_jwt=x', 60));
    expect(await video().getStatus(id)).toEqual({
      state: 'done',
      video: { url: 'https://dnznrvs05pmza.cloudfront.net/out.mp4?_jwt=x', contentType: 'video/mp4' },
      usage: { costUsd: 0.6 },
    });
    answer({ id, status: 'SUCCEEDED', output: [], cost: { credits: 60 } });
    expect(await video().getStatus(id)).toMatchObject({ state: 'failed', code: 'MISSING_VIDEO_URL', retryable: false });
  });

  it('SAFETY.INPUT.* and SAFETY.OUTPUT.* are moderated, with the code in the message', async () => {
    answer(taskBodies.failed(id, 'SAFETY.INPUT.TEXT', 'The prompt was rejected'));
    expect(await video().getStatus(id)).toEqual({ state: 'moderated', message: 'SAFETY.INPUT.TEXT: The prompt was rejected', usage: { costUsd: 0 } });
    answer(taskBodies.failed(id, 'SAFETY.OUTPUT.VIDEO', 'The output was rejected', 12));
    expect(await video().getStatus(id)).toMatchObject({ state: 'moderated', usage: { costUsd: 0.12 } });
  });

  it('other failures keep Runway’s code; INTERNAL.* may be retried, the rest not', async () => {
    answer(taskBodies.failed(id, 'INTERNAL.BAD_OUTPUT.CODE01', 'Generation was rejected for quality'));
    expect(await video().getStatus(id)).toEqual({
      state: 'failed',
      code: 'INTERNAL.BAD_OUTPUT.CODE01',
      message: 'INTERNAL.BAD_OUTPUT.CODE01: Generation was rejected for quality',
      retryable: true,
    });
    answer(taskBodies.failed(id, 'ASSET.INVALID', 'The image could not be read'));
    expect(await video().getStatus(id)).toMatchObject({ state: 'failed', code: 'ASSET.INVALID', retryable: false });
    answer({ id, status: 'FAILED', failure: 'Something went wrong', cost: { credits: 0 } });
    expect(await video().getStatus(id)).toMatchObject({ state: 'failed', code: 'GENERATION_FAILED', retryable: false });
  });

  it('CANCELLED is the port\'s cancelled state with its billed credits; an unknown status keeps waiting with a warning', async () => {
    answer(taskBodies.cancelled(id));
    expect(await video().getStatus(id)).toEqual({ state: 'cancelled', message: expect.stringContaining('cancelled'), usage: { costUsd: 0 } });
    answer({ id, status: 'QUEUED_ON_MARS' });
    expect(await video().getStatus(id)).toMatchObject({ state: 'pending', warnings: [{ type: 'other' }] });
  });

  it('an unknown task is JOB_NOT_FOUND; a body that is no task is INVALID_RESPONSE', async () => {
    server.use(http.get(`${apiBase}/v1/tasks/:id`, () => HttpResponse.json({ error: 'Task not found' }, { status: 404 })));
    expect(await rejectionOf(video().getStatus(id))).toMatchObject({ code: 'JOB_NOT_FOUND', requestId: id, message: `GET /v1/tasks/${id} failed with 404: Task not found` });
    server.use(http.get(`${apiBase}/v1/tasks/:id`, () => new HttpResponse('{"id": ', { status: 200, headers: { 'content-type': 'application/json' } })));
    expect(await rejectionOf(video().getStatus(id))).toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('cancel() deletes the task; a 404 on delete is JOB_NOT_FOUND', async () => {
    server.use(http.delete(`${apiBase}/v1/tasks/${id}`, () => new HttpResponse(null, { status: 204 })));
    await video().cancel!(id);
    const [request] = await seen();
    expect(`${request!.method} ${request!.path}`).toBe(`DELETE /v1/tasks/${id}`);
    expect(request!.headers['x-runway-version']).toBe('2024-11-06');
    server.use(http.delete(`${apiBase}/v1/tasks/${id}`, () => HttpResponse.json({ error: 'Task not found' }, { status: 404 })));
    expect(await rejectionOf(video().cancel!(id))).toMatchObject({ code: 'JOB_NOT_FOUND' });
  });
});

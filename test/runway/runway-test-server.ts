import type { TaskRetrieveResponse } from '@runwayml/sdk/resources';
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import { useMswWire, type WireRequest } from '../support/msw-wire.js';

export { fakeSleep, neverEndingSleep, rejectionOf } from '../xai/xai-test-server.js';

/** The default base URL, as the SDK builds it. */
export const apiBase = 'https://api.dev.runwayml.com';
/** A key that must never show up in anything a caller can see. */
export const canaryKey = 'key_canary-RUNWAY-DO-NOT-LEAK-0123456789abcdef';

/** One request as it reached the wire. */
export type SeenRequest = WireRequest;

/**
 * Starts an msw server for the test file and records every request that reaches it, in
 * order; an unhandled request fails the test (see `useMswWire`).
 */
export function useRunwayMockServer(): { server: SetupServer; seen: () => Promise<SeenRequest[]> } {
  const { server, wire } = useMswWire();
  return { server, seen: wire };
}

/** A task body as `GET /v1/tasks/{id}` returns it, typed by the SDK's published response union. */
export type TaskBody = TaskRetrieveResponse;

const createdAt = '2026-12-07T10:00:00.000Z';

/** Bodies of each task status, shaped as the SDK's `TaskRetrieveResponse` members. */
export const taskBodies = {
  pending: (id: string, credits = 60): TaskBody => ({ id, createdAt, status: 'PENDING', estimatedCost: { credits } }),
  throttled: (id: string, credits = 60): TaskBody => ({ id, createdAt, status: 'THROTTLED', estimatedCost: { credits } }),
  running: (id: string, progress: number, credits = 60): TaskBody => ({ id, createdAt, status: 'RUNNING', progress, estimatedCost: { credits } }),
  succeeded: (id: string, url: string, credits = 60): TaskBody => ({ id, createdAt, status: 'SUCCEEDED', output: [url], cost: { credits } }),
  failed: (id: string, failureCode: string, failure: string, credits = 0): TaskBody => ({ id, createdAt, status: 'FAILED', failure, failureCode, cost: { credits } }),
  cancelled: (id: string): TaskBody => ({ id, createdAt, status: 'CANCELLED', cost: { credits: 0 } }),
};

/** What the emulator checks of every request: Runway's auth and version headers. */
function refuse(request: Request, apiKey: string): Response | undefined {
  if (request.headers.get('authorization') !== `Bearer ${apiKey}`) {
    return HttpResponse.json({ error: 'Unauthorized' }, { status: 401 });
  }
  if (request.headers.get('x-runway-version') !== '2024-11-06') {
    return HttpResponse.json({ error: 'Invalid or missing X-Runway-Version header' }, { status: 400 });
  }
  return undefined;
}

/** One emulated task: the bodies its reads return in turn (the last one repeats). */
export interface EmulatedTask {
  endpoint: string;
  body: Record<string, unknown>;
  script: TaskBody[];
  reads: number;
  deleted: boolean;
}

/**
 * A small emulation of Runway's task API on msw: the three create endpoints accept a body
 * that has what the SDK's types require (model, ratio, promptText or promptImage) and answer
 * `{ id, estimatedCost }`; `GET /v1/tasks/{id}` walks the task's script; `DELETE` answers 204
 * and makes later reads `CANCELLED`; unknown ids are 404.
 *
 * @param scriptOf The bodies a new task's reads return, given its id, endpoint and body.
 */
export function runwayEmulator(apiKey: string, scriptOf: (id: string, endpoint: string, body: Record<string, unknown>) => TaskBody[]) {
  const tasks = new Map<string, EmulatedTask>();
  let nextId = 1;
  const create = (endpoint: string) =>
    http.post(`${apiBase}/v1/${endpoint}`, async ({ request }) => {
      const refused = refuse(request, apiKey);
      if (refused !== undefined) return refused;
      const body = (await request.json()) as Record<string, unknown>;
      const needsImage = endpoint === 'image_to_video';
      if (typeof body.model !== 'string' || typeof body.ratio !== 'string' || (needsImage ? typeof body.promptImage !== 'string' : typeof body.promptText !== 'string')) {
        return HttpResponse.json({ error: 'Validation of body failed', issues: [] }, { status: 400 });
      }
      const id = `4f1c2d3e-0000-4000-8000-${String(nextId++).padStart(12, '0')}`;
      tasks.set(id, { endpoint, body, script: scriptOf(id, endpoint, body), reads: 0, deleted: false });
      return HttpResponse.json({ id, estimatedCost: { credits: typeof body.duration === 'number' ? body.duration * 12 : 5 } });
    });
  const handlers = [
    create('text_to_video'),
    create('image_to_video'),
    create('text_to_image'),
    http.get(`${apiBase}/v1/tasks/:id`, ({ request, params }) => {
      const refused = refuse(request, apiKey);
      if (refused !== undefined) return refused;
      const task = tasks.get(String(params.id));
      if (task === undefined) return HttpResponse.json({ error: 'Task not found' }, { status: 404 });
      if (task.deleted) return HttpResponse.json(taskBodies.cancelled(String(params.id)));
      const body = task.script[Math.min(task.reads, task.script.length - 1)]!;
      task.reads += 1;
      return HttpResponse.json(body);
    }),
    http.delete(`${apiBase}/v1/tasks/:id`, ({ request, params }) => {
      const refused = refuse(request, apiKey);
      if (refused !== undefined) return refused;
      const task = tasks.get(String(params.id));
      if (task === undefined) return HttpResponse.json({ error: 'Task not found' }, { status: 404 });
      task.deleted = true;
      return new HttpResponse(null, { status: 204 });
    }),
  ];
  return { handlers, tasks };
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createVideoConductorFromEnv, type VideoConductorEnvironment } from '@ring/video-conductor/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishJobs } from '../../examples/recipes/finish-jobs.js';
import { POST } from '../../examples/recipes/next-app/app/api/videos/route.js';
import { GET } from '../../examples/recipes/next-app/app/api/videos/[recordId]/route.js';
import { startRecoverWorker } from '../../examples/recipes/recover-worker.js';
import { submitVideo, videoStatus } from '../../examples/recipes/video-http-handlers.js';

let home: string;
let environment: VideoConductorEnvironment;

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'video-conductor-recipes-'));
  environment = await createVideoConductorFromEnv(
    { VIDEO_CONDUCTOR_HOME: home, VIDEO_CONDUCTOR_PROVIDER: 'local', VIDEO_CONDUCTOR_LOCAL_POLL_INTERVAL_MS: '20' },
    { conductor: { polling: { intervalMs: 20 } } },
  );
});
afterAll(async () => {
  await environment?.close();
  await rm(home, { recursive: true, force: true });
});

const post = (body: unknown) =>
  new Request('http://localhost/api/videos', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('examples/recipes', { timeout: 60_000 }, () => {
  it('submit answers 202 with the record id, the status route says submitted, a worker round finishes it', async () => {
    const submitted = await submitVideo(environment.conductor, post({ prompt: 'A lighthouse in a storm', durationSec: 4 }), 'user-1');
    expect(submitted.status).toBe(202);
    const { recordId, status, estimatedCostUsd } = (await submitted.json()) as { recordId: string; status: string; estimatedCostUsd: number };
    expect(status).toBe('submitted');
    expect(estimatedCostUsd).toBeCloseTo(0.2, 6);
    expect(submitted.headers.get('location')).toBe(`/api/videos/${recordId}`);

    const before = (await (await videoStatus(environment.conductor, recordId)).json()) as { status: string; done: boolean; video: unknown };
    expect(before).toMatchObject({ status: 'submitted', done: false, video: null });

    const report = await finishJobs(environment.conductor, environment.ledger, { staleAfterMs: 0 });
    expect(report).toMatchObject({ recovered: 1, problems: [] });

    const after = (await (await videoStatus(environment.conductor, recordId)).json()) as { status: string; done: boolean; video: { url: string; sha256: string } | null };
    expect(after).toMatchObject({ status: 'succeeded', done: true });
    expect(after.video?.url).toMatch(/^file:\/\/.*\.mp4$/);
    expect(after.video?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await environment.ledger.get(recordId))?.audit.actorId).toBe('user-1');
  });

  it('refuses invalid requests with 400 naming the field, before anything is written', async () => {
    const response = await submitVideo(environment.conductor, post({ prompt: 'x', durationSec: 99 }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'INVALID_REQUEST', field: 'durationSec' } });
    expect((await submitVideo(environment.conductor, new Request('http://localhost/', { method: 'POST', body: 'not json' }))).status).toBe(400);
    expect((await videoStatus(environment.conductor, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it('the Next.js route files are plain Request → Response handlers', async () => {
    // The route module reads process.env: give it the embedded defaults and the local provider
    // only (CI sets DATABASE_URL for other tests), and put everything back afterwards.
    const saved = Object.entries(process.env).filter(([name]) => /^(DATABASE_URL|XAI_|AWS_|VIDEO_CONDUCTOR_)/.test(name));
    for (const [name] of saved) delete process.env[name];
    process.env.VIDEO_CONDUCTOR_HOME = path.join(home, 'next');
    process.env.VIDEO_CONDUCTOR_PROVIDER = 'local';
    try {
      const created = await POST(post({ prompt: 'A fox in the snow', durationSec: 2 }));
      expect(created.status).toBe(202);
      const { recordId } = (await created.json()) as { recordId: string };
      const status = await GET(new Request(`http://localhost/api/videos/${recordId}`), { params: Promise.resolve({ recordId }) });
      expect(await status.json()).toMatchObject({ recordId, status: 'submitted', done: false });
    } finally {
      delete process.env.VIDEO_CONDUCTOR_HOME;
      delete process.env.VIDEO_CONDUCTOR_PROVIDER;
      for (const [name, value] of saved) process.env[name] = value;
      const { videoEnvironment } = await import('../../examples/recipes/next-app/lib/video-conductor.js');
      await (await videoEnvironment()).close();
    }
  });

  it('the worker answers its health check and shuts down cleanly', async () => {
    const lines: string[] = [];
    const worker = await startRecoverWorker({ conductor: environment.conductor, ledger: environment.ledger, port: 0, intervalMs: 60_000, log: (line) => lines.push(line) });
    const health = await fetch(worker.healthUrl);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ healthy: true });
    expect(await worker.tick()).toMatchObject({ problems: [] });
    await worker.close();
    await expect(fetch(worker.healthUrl)).rejects.toThrow();
    expect(lines.filter((line) => line.startsWith('finishJobs failed'))).toEqual([]);
  });
});

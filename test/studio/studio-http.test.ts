import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createVideoConductor, InvalidRequestError, MemoryLedger, type VideoRecord } from '@ring/video-conductor';
import { sampleVideoRecord } from '@ring/video-conductor/contract';
import { createStudio, studioContentSecurityPolicy, type StudioServer } from '@ring/video-conductor/studio';
import { createLocalVideoProvider } from '@ring/video-conductor/local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request (node:http, so `Host` and `Origin` can be set freely). */
function send(url: string, path: string, options: { method?: string; headers?: Record<string, string>; body?: string; firstChunkOnly?: boolean } = {}): Promise<Answer> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: target.hostname, port: target.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        if (options.firstChunkOnly === true && Buffer.concat(chunks).includes('event: job')) {
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) });
          incoming.destroy();
        }
      });
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks) }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

const provider = createLocalVideoProvider();
const ledger = new MemoryLedger();
const conductor = createVideoConductor({ provider, ledger, urlPolicy: provider.urlPolicy });
let directory: string;
let stored: VideoRecord;
let persistFailed: VideoRecord;
const video = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 256));

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'studio-http-'));
  const file = join(directory, 'clip.mp4');
  await writeFile(file, video);
  stored = await ledger.insert(sampleVideoRecord({ status: 'succeeded', provider: 'local', prompt: 'A <b>bold</b> fox', storageKey: null, url: pathToFileURL(file).href, audit: { pipelineRequestId: 'camp' } }));
  persistFailed = await ledger.insert(sampleVideoRecord({ status: 'persist_failed', provider: 'local', prompt: 'Waiting to be stored', temporaryUrl: 'http://127.0.0.1:9/x.mp4' }));
});

afterAll(async () => {
  await provider.close();
  await rm(directory, { recursive: true, force: true });
});

describe('studio over HTTP, on loopback without actions', () => {
  let server: StudioServer;
  beforeAll(async () => {
    server = await createStudio({ conductor, ledger }).listen({ port: 0 });
  });
  afterAll(() => server.close());

  it('serves the pages under a strict Content-Security-Policy, with no inline script or style, and escapes ledger text', async () => {
    for (const path of ['/jobs', `/jobs/${stored.id}`, '/campaigns', '/campaigns/camp', '/money']) {
      const answer = await send(server.url, path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-security-policy']).toBe(studioContentSecurityPolicy);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      const page = answer.body.toString();
      expect(page).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(page).not.toMatch(/\sstyle=/);
      expect(page).not.toMatch(/\son[a-z]+=/);
    }
    expect(studioContentSecurityPolicy).toContain("script-src 'self'");
    expect((await send(server.url, '/jobs')).body.toString()).toContain('A &#60;b&#62;bold&#60;/b&#62; fox');
    const script = await send(server.url, '/assets/studio.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('answers 403 to every action and leaves the row alone', async () => {
    for (const action of ['resume', 'persist', 'cancel']) {
      const answer = await send(server.url, `/api/jobs/${persistFailed.id}/${action}`, { method: 'POST', headers: { 'X-Studio-Action': action } });
      expect(answer.status, action).toBe(403);
      expect(JSON.parse(answer.body.toString()).error.code).toBe('STUDIO_ACTIONS_DISABLED');
    }
    expect((await ledger.get(persistFailed.id))!.status).toBe('persist_failed');
    const page = (await send(server.url, `/jobs/${persistFailed.id}`)).body.toString();
    expect(page).toContain('Actions are off');
    expect(page).not.toContain('data-action=');
  });

  it('streams stored media with HTTP Range support', async () => {
    const whole = await send(server.url, `/media/${stored.id}/video`);
    expect(whole.status).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.body.equals(video)).toBe(true);
    const part = await send(server.url, `/media/${stored.id}/video`, { headers: { Range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 100-199/1000');
    expect(part.body.equals(video.subarray(100, 200))).toBe(true);
    const suffix = await send(server.url, `/media/${stored.id}/video`, { headers: { Range: 'bytes=-10' } });
    expect(suffix.headers['content-range']).toBe('bytes 990-999/1000');
    expect((await send(server.url, `/media/${stored.id}/video`, { headers: { Range: 'bytes=5000-' } })).status).toBe(416);
    expect((await send(server.url, `/media/${persistFailed.id}/video`)).status).toBe(404);
  });

  it('refuses a foreign Host or Origin with 403', async () => {
    expect((await send(server.url, '/jobs', { headers: { Host: 'evil.example' } })).status).toBe(403);
    expect((await send(server.url, '/jobs', { headers: { Origin: 'http://evil.example' } })).status).toBe(403);
  });

  it('answers 400 naming the field of a bad filter, and 404 for an unknown job', async () => {
    const answer = await send(server.url, '/jobs?status=bogus');
    expect(answer.status).toBe(400);
    expect(answer.body.toString()).toContain('status &#34;bogus&#34; is not a video status');
    expect((await send(server.url, '/jobs?from=29-11-2026')).status).toBe(400);
    expect((await send(server.url, '/jobs/no-such-job')).status).toBe(404);
    expect((await send(server.url, '/jobs/%E0%A4%A')).status).toBe(400);
    expect((await send(server.url, '/api/jobs/no-such-job')).status).toBe(404);
  });

  it('streams the status of watched jobs as Server-Sent Events', async () => {
    const answer = await send(server.url, `/events?ids=${stored.id}`, { firstChunkOnly: true });
    expect(answer.headers['content-type']).toBe('text/event-stream');
    const data = /event: job\ndata: (.*)\n/.exec(answer.body.toString())?.[1];
    expect(JSON.parse(data!)).toMatchObject({ id: stored.id, status: 'succeeded' });
  });
});

describe('studio beyond loopback', () => {
  const token = 'studio-secret-0123456789';
  let server: StudioServer;
  beforeAll(async () => {
    server = await createStudio({ conductor, ledger, allowActions: true, tokens: [token], allowedHosts: ['studio.test'], failedAuth: { maxFailures: 100 } }).listen({ port: 0, host: '0.0.0.0' });
  });
  afterAll(() => server.close());
  const host = { Host: 'studio.test' };
  const url = () => server.url.replace('0.0.0.0', '127.0.0.1');

  it('answers 401 to every endpoint without a token', async () => {
    const endpoints: [string, string][] = [
      ['GET', '/'],
      ['GET', '/jobs'],
      ['GET', `/jobs/${stored.id}`],
      ['GET', `/api/jobs/${stored.id}`],
      ['GET', `/media/${stored.id}/video`],
      ['GET', `/media/${stored.id}/thumbnail`],
      ['GET', `/events?ids=${stored.id}`],
      ['GET', '/campaigns'],
      ['GET', '/campaigns/camp'],
      ['GET', '/money'],
      ['GET', '/assets/studio.js'],
      ['GET', '/assets/studio.css'],
      ['GET', '/no-such-page'],
      ['POST', `/api/jobs/${persistFailed.id}/resume`],
      ['POST', `/api/jobs/${persistFailed.id}/persist`],
      ['POST', `/api/jobs/${persistFailed.id}/cancel`],
      ['POST', '/login'],
    ];
    for (const [method, path] of endpoints) {
      const answer = await send(url(), path, { method, headers: { ...host, 'X-Studio-Action': 'resume' } });
      expect(answer.status, `${method} ${path}`).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer realm="video-conductor-studio"');
    }
    const wrong = await send(url(), '/jobs', { headers: { ...host, Authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    expect((await ledger.get(persistFailed.id))!.status).toBe('persist_failed');
  });

  it('lets a bearer token through, and the sign-in form sets an HttpOnly cookie', async () => {
    expect((await send(url(), '/jobs', { headers: { ...host, Authorization: `Bearer ${token}` } })).status).toBe(200);
    const bad = await send(url(), '/login', { method: 'POST', headers: { ...host, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'token=wrong' });
    expect(bad.status).toBe(401);
    expect(bad.body.toString()).not.toContain('wrong');
    const signIn = await send(url(), '/login', { method: 'POST', headers: { ...host, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `token=${token}` });
    expect(signIn.status).toBe(303);
    const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
    expect(String(signIn.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await send(url(), '/money', { headers: { ...host, Cookie: cookie } })).status).toBe(200);
    // With actions on, a request without the action header (a cross-site form) is refused.
    expect((await send(url(), `/api/jobs/${persistFailed.id}/cancel`, { method: 'POST', headers: { ...host, Cookie: cookie } })).status).toBe(403);
    // A persist_failed job cannot be cancelled: 409 names the status.
    const conflict = await send(url(), `/api/jobs/${persistFailed.id}/cancel`, { method: 'POST', headers: { ...host, Cookie: cookie, 'X-Studio-Action': 'cancel' } });
    expect(conflict.status).toBe(409);
  });

  it('shuts out an address after too many refused tokens, with 429 and Retry-After', async () => {
    const guarded = await createStudio({ conductor, ledger, tokens: [token], failedAuth: { maxFailures: 3 } }).listen({ port: 0 });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt++) statuses.push((await send(guarded.url, '/jobs', { headers: { Authorization: 'Bearer guess' } })).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const locked = await send(guarded.url, '/jobs', { headers: { Authorization: `Bearer ${token}` } });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await guarded.close();
    }
  });

  it('refuses to listen beyond loopback without tokens or allowed hosts', async () => {
    const missingTokens = await createStudio({ conductor, ledger, allowedHosts: ['studio.test'] })
      .listen({ port: 0, host: '0.0.0.0' })
      .then(() => undefined, (error: unknown) => error);
    expect(InvalidRequestError.isInstance(missingTokens)).toBe(true);
    expect(missingTokens).toMatchObject({ code: 'STUDIO_TOKENS_MISSING', field: 'tokens' });
    const missingHosts = await createStudio({ conductor, ledger, tokens: [token] })
      .listen({ port: 0, host: '0.0.0.0' })
      .then(() => undefined, (error: unknown) => error);
    expect(missingHosts).toMatchObject({ code: 'STUDIO_ALLOWED_HOSTS_MISSING', field: 'allowedHosts' });
    expect(() => createStudio({ conductor, ledger, tokens: ['has space'] })).toThrow(expect.objectContaining({ code: 'STUDIO_TOKEN_INVALID', field: 'tokens[0]' }));
  });
});

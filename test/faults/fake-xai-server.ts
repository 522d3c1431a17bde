import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createTestMp4 } from '@ring/video-conductor/testing';

/** The xAI calls (and the download) the fake server answers, one name per conductor step. */
export type ServerStep = 'first-frame' | 'submit' | 'status' | 'download';

/** What can go wrong on the wire. */
export type FaultKind = '429' | '500' | 'reset' | 'timeout';

/** A fault for the next `times` requests of a step (`Infinity`: until cleared). */
export interface WireFault {
  kind: FaultKind;
  times: number;
}

/** A job the fake server accepted (and would bill). */
export interface FakeXaiJob {
  requestId: string;
  prompt: string;
  model: string;
  /** Status reads answered so far. */
  polls: number;
  /** The temporary URL the finished video is served from. */
  videoUrl: string;
  /** The bytes served for it, and their sha256. */
  video: Uint8Array;
  sha256: string;
}

/** One request as it reached the server. */
export interface SeenRequest {
  step: ServerStep | 'unknown';
  method: string;
  path: string;
  /** The `Authorization` header, or `undefined`. */
  authorization: string | undefined;
  /** `prompt` of a JSON body, when there was one. */
  prompt?: string;
  /** What the server did: `ok`, or the fault it injected. */
  answer: 'ok' | FaultKind | 'rejected';
}

export interface FakeXaiServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `http://127.0.0.1:<port>/v1`, the adapter's `baseURL`. */
  readonly baseURL: string;
  /** Jobs accepted, in order. */
  readonly jobs: FakeXaiJob[];
  /** Every request, in order. */
  readonly seen: SeenRequest[];
  /** Requests no route matched (`METHOD path`); a test asserts this stays empty. */
  readonly unexpected: string[];
  /** Requests seen for a step (optionally only those whose JSON body had this prompt). */
  count(step: ServerStep, prompt?: string): number;
  /** The accepted jobs whose prompt is `prompt`. */
  jobsFor(prompt: string): FakeXaiJob[];
  /** Injects a fault for the next requests of `step`. */
  inject(step: ServerStep, fault: WireFault): void;
  /** Removes every fault (held requests stay held until {@link reset}). */
  clearFaults(): void;
  /** Forgets jobs, requests and faults, and drops connections held open by `timeout` faults. */
  reset(): void;
  close(): Promise<void>;
}

export interface FakeXaiServerOptions {
  /** The key the server accepts (anything else is a 401). It is echoed in error bodies to tempt a leak. */
  apiKey: string;
  /** Status reads answered "pending" before "done" (the first with HTTP 202 and no body). @default 2 */
  pendingPolls?: number;
  /** Size of each served video in bytes. @default 192 KiB */
  videoBytes?: number;
  /** How long a submit takes before it is accepted, in ms. @default 0 */
  submitDelayMs?: number;
}

const videoPrefix = '/media/';

/**
 * A loopback fake of the xAI REST API (`/v1/images/generations`, `/v1/videos/generations`,
 * `/v1/videos/{id}`) that also serves the finished videos, over real `node:http`: a
 * "connection reset" is a real TCP RST (`socket.resetAndDestroy()`), a "timeout" an answer
 * that never comes.
 *
 * Fault semantics, chosen to be the realistic worst case of each:
 * - `429`: rejected before anything happened (`Retry-After: 1`);
 * - `500`: the server failed before accepting the job (no job, nothing billed);
 * - `reset` / `timeout` on submit: the job **was** created (and is billed), the answer is lost;
 * - `reset` on the download: headers and part of the body are sent, then the connection is reset.
 */
export async function startFakeXaiServer(options: FakeXaiServerOptions): Promise<FakeXaiServer> {
  const pendingPolls = options.pendingPolls ?? 2;
  const videoBytes = options.videoBytes ?? 192 * 1024;
  const jobs: FakeXaiJob[] = [];
  const seen: SeenRequest[] = [];
  const unexpected: string[] = [];
  const faults = new Map<ServerStep, WireFault>();
  const held = new Set<Socket>();
  let jobCounter = 0;
  let frameCounter = 0;
  let origin = '';

  /** Takes one use of the step's fault, if any. */
  const takeFault = (step: ServerStep): FaultKind | undefined => {
    const fault = faults.get(step);
    if (fault === undefined || fault.times <= 0) return undefined;
    fault.times -= 1;
    return fault.kind;
  };

  /** A body that repeats the caller's credentials, the way a careless upstream or proxy might. */
  const echo = (request: IncomingMessage) => `key ${options.apiKey} / header ${request.headers.authorization ?? '(none)'}`;

  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    response.end(text);
  };

  /** Answers with the fault; `false` when the handler should go on (a `timeout`/`reset` after creating a job is handled by the caller). */
  const answerFault = (request: IncomingMessage, response: ServerResponse, kind: FaultKind): void => {
    switch (kind) {
      case '429':
        json(response, 429, { code: 'rate_limited', error: `Too many requests (${echo(request)})` }, { 'retry-after': '1' });
        return;
      case '500':
        response.writeHead(500, { 'content-type': 'text/html' });
        response.end(`<html><body>Internal error while serving ${echo(request)}</body></html>`);
        return;
      case 'reset':
        request.socket.resetAndDestroy();
        return;
      case 'timeout':
        // Never answer; the socket is dropped by reset()/close().
        held.add(request.socket);
        return;
    }
  };

  const makeVideo = (requestId: string): Uint8Array => {
    const video = createTestMp4(videoBytes);
    // Stamp the request id into the mdat payload so every job has its own bytes and hash.
    video.set(new TextEncoder().encode(requestId), 48);
    return video;
  };

  const readBody = async (request: IncomingMessage): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', origin);
    const method = request.method ?? 'GET';
    const authorization = request.headers.authorization;
    const bodyText = method === 'POST' ? await readBody(request) : '';
    let body: Record<string, unknown> = {};
    try {
      body = bodyText === '' ? {} : (JSON.parse(bodyText) as Record<string, unknown>);
    } catch {
      body = {};
    }
    const prompt = typeof body.prompt === 'string' ? body.prompt : undefined;
    const record = (step: SeenRequest['step'], answer: SeenRequest['answer']) =>
      seen.push({ step, method, path: url.pathname + url.search, authorization, ...(prompt === undefined ? {} : { prompt }), answer });

    if (url.pathname.startsWith('/v1/') && authorization !== `Bearer ${options.apiKey}`) {
      record('unknown', 'rejected');
      unexpected.push(`${method} ${url.pathname} without the right key`);
      json(response, 401, { code: 'unauthorized', error: `Incorrect API key provided: ${echo(request)}` });
      return;
    }

    // https://docs.x.ai/docs/guides/image-generations
    if (method === 'POST' && url.pathname === '/v1/images/generations') {
      const fault = takeFault('first-frame');
      record('first-frame', fault ?? 'ok');
      if (fault === '429' || fault === '500') return answerFault(request, response, fault);
      frameCounter += 1;
      // reset / timeout: the image was made (and billed); the answer is lost.
      if (fault !== undefined) return answerFault(request, response, fault);
      json(response, 200, { data: [{ url: `${origin}/frames/frame-${frameCounter}.jpg`, respect_moderation: true }], usage: { cost_in_usd_ticks: 200_000_000 } });
      return;
    }

    // https://docs.x.ai/docs/guides/video-generation
    if (method === 'POST' && url.pathname === '/v1/videos/generations') {
      const fault = takeFault('submit');
      record('submit', fault ?? 'ok');
      if (fault === '429' || fault === '500') return answerFault(request, response, fault);
      if ((options.submitDelayMs ?? 0) > 0) await new Promise((resolve) => setTimeout(resolve, options.submitDelayMs));
      jobCounter += 1;
      const requestId = `fake-${String(jobCounter).padStart(4, '0')}-${Math.random().toString(16).slice(2, 10)}`;
      const video = makeVideo(requestId);
      jobs.push({
        requestId,
        prompt: prompt ?? '',
        model: typeof body.model === 'string' ? body.model : '',
        polls: 0,
        videoUrl: `${origin}${videoPrefix}${requestId}.mp4?sig=tmp-${jobCounter}`,
        video,
        sha256: createHash('sha256').update(video).digest('hex'),
      });
      // reset / timeout: the job exists and is billed, but the caller never learns its id.
      if (fault !== undefined) return answerFault(request, response, fault);
      json(response, 200, { request_id: requestId });
      return;
    }

    if (method === 'GET' && url.pathname.startsWith('/v1/videos/')) {
      const requestId = decodeURIComponent(url.pathname.slice('/v1/videos/'.length));
      const fault = takeFault('status');
      record('status', fault ?? 'ok');
      if (fault !== undefined) return answerFault(request, response, fault);
      const job = jobs.find((candidate) => candidate.requestId === requestId);
      if (job === undefined) {
        json(response, 404, { code: 'not_found', error: `No job ${requestId}` });
        return;
      }
      job.polls += 1;
      if (job.polls === 1 && pendingPolls >= 1) {
        response.writeHead(202);
        response.end();
        return;
      }
      if (job.polls <= pendingPolls) {
        json(response, 200, { status: 'pending', progress: Math.round((100 * job.polls) / (pendingPolls + 1)) });
        return;
      }
      json(response, 200, {
        status: 'done',
        model: job.model,
        progress: 100,
        video: { url: job.videoUrl, duration: 4, respect_moderation: true },
        usage: { cost_in_usd_ticks: 3_200_000_000 },
      });
      return;
    }

    if (method === 'GET' && url.pathname.startsWith(videoPrefix)) {
      const requestId = url.pathname.slice(videoPrefix.length).replace(/\.mp4$/, '');
      const fault = takeFault('download');
      record('download', fault ?? 'ok');
      const job = jobs.find((candidate) => candidate.requestId === requestId);
      if (job === undefined) {
        unexpected.push(`${method} ${url.pathname} (no such video)`);
        response.writeHead(404);
        response.end();
        return;
      }
      if (fault === 'reset') {
        // Headers and a first part of the body, then a real RST: the download breaks off midway.
        response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': job.video.byteLength });
        response.write(job.video.subarray(0, 64 * 1024), () => {
          setTimeout(() => request.socket.resetAndDestroy(), 10);
        });
        return;
      }
      if (fault !== undefined) return answerFault(request, response, fault);
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': job.video.byteLength });
      response.end(job.video);
      return;
    }

    record('unknown', 'rejected');
    unexpected.push(`${method} ${url.pathname}`);
    json(response, 404, { error: 'no such route' });
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      unexpected.push(`handler error: ${String(error)}`);
      if (!response.headersSent) response.writeHead(599);
      response.end();
    });
  });
  // A reset socket reports ECONNRESET on the server side too; that is the point.
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const dropHeld = () => {
    for (const socket of held) socket.destroy();
    held.clear();
  };

  return {
    origin,
    baseURL: `${origin}/v1`,
    jobs,
    seen,
    unexpected,
    count: (step, prompt) => seen.filter((entry) => entry.step === step && (prompt === undefined || entry.prompt === prompt)).length,
    jobsFor: (prompt) => jobs.filter((job) => job.prompt === prompt),
    inject: (step, fault) => void faults.set(step, { ...fault }),
    clearFaults: () => faults.clear(),
    reset: () => {
      faults.clear();
      dropHeld();
      jobs.length = 0;
      seen.length = 0;
      unexpected.length = 0;
    },
    close: async () => {
      dropHeld();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

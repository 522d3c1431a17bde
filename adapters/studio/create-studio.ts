import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  InvalidRequestError,
  LedgerError,
  summarizeVideoCosts,
  VideoConductorError,
  type BudgetOptions,
  type Ledger,
  type Storage,
  type VideoConductor,
  type VideoRecord,
  type VideoRecordQuery,
} from '@ring/video-conductor';
import { html } from './html.js';
import { isActionApplicable, studioActions, type StudioAction } from './job-actions.js';
import { parseJobsFilter, queryOfFilter } from './jobs-filter.js';
import { renderCampaignPage, renderCampaignsPage, campaignsOf } from './render-campaign-pages.js';
import { renderJobPage } from './render-job-page.js';
import { renderJobsPage } from './render-jobs-page.js';
import { renderLayout } from './render-layout.js';
import { renderMoneyPage } from './render-money-page.js';
import { serveFile } from './serve-media.js';
import { studioCss, studioScript } from './studio-assets.js';
import {
  createFailureThrottle,
  createTokenMatcher,
  isAllowedHostRequest,
  isLoopbackHost,
  presentedToken,
  resolveStudioAllowedHosts,
  studioTokenCookie,
} from './studio-guard.js';

/** A node `http` request handler. */
export type StudioRequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Options of {@link createStudio}. */
export interface StudioOptions {
  /** Runs the actions (resume, persist, cancel) and reads rows. */
  conductor: VideoConductor;
  /**
   * The ledger the conductor writes: the jobs table, campaigns and money read it. Required:
   * the conductor does not expose its ledger.
   */
  ledger: Ledger;
  /**
   * Where videos are stored: media of rows with a `storageKey` are served from `storage.url(key)`
   * (an S3 storage configured to presign gives presigned URLs, the browser is redirected to
   * them; a file storage's `file:` URLs are streamed with Range support). `undefined`: the
   * row's own `url` is used.
   */
  storage?: Storage;
  /** Whether the resume, persist and cancel endpoints act; otherwise they answer `403`. @default false */
  allowActions?: boolean;
  /**
   * Bearer tokens: when given, every request needs one (`Authorization: Bearer <token>` or the
   * sign-in cookie a browser gets from the token form of the `401` page). Required by
   * {@link Studio.listen} beyond loopback. Never logged or echoed; only digests are kept.
   * @default [] (no token: loopback use only)
   */
  tokens?: readonly string[];
  /**
   * Host names (no scheme, no port) the `Host` header, and `Origin` when sent, must name;
   * anything else is answered `403` (stops DNS rebinding and cross-site actions).
   * @default ['localhost', '127.0.0.1', '[::1]']
   */
  allowedHosts?: readonly string[];
  /**
   * Refused token attempts one client address may make within `windowMs` before every request
   * of it is answered `429` with `Retry-After` for `windowMs` (only when `tokens` are set).
   * @default { maxFailures: 10, windowMs: 60000 }
   */
  failedAuth?: { maxFailures?: number; windowMs?: number };
  /** Budgets drawn as lines on the money charts (as configured on the conductor). @default none */
  budget?: BudgetOptions;
  /** How often live updates re-read watched rows, in ms. @default 1000 */
  pollMs?: number;
  /** Most rows one live-update stream watches. @default 100 */
  maxWatched?: number;
  /** Most rows the money page sums through `list` when the ledger has no `summarizeCosts`. @default 100000 */
  maxSummaryRows?: number;
  /** Receives errors of actions running in the background (never tokens). @default ignore */
  onError?: (error: unknown, context: { recordId: string; action: StudioAction }) => void;
}

/** Options of {@link Studio.listen}. */
export interface StudioListenOptions {
  /** TCP port; `0` picks a free one. @default 4777 */
  port?: number;
  /** Address to listen on. Beyond loopback, `tokens` and `allowedHosts` are required. @default '127.0.0.1' */
  host?: string;
}

/** A listening studio, from {@link Studio.listen}. */
export interface StudioServer {
  /** E.g. `http://127.0.0.1:4777`. */
  readonly url: string;
  /** Stops listening and ends the live-update streams. */
  close(): Promise<void>;
}

/** The operator console returned by {@link createStudio}. */
export interface Studio {
  /** The request handler, to mount in your own `node:http` server (or any framework that hands over node requests). */
  readonly handler: StudioRequestHandler;
  /** Serves the handler on its own `node:http` server. @throws InvalidRequestError beyond loopback without `tokens` or `allowedHosts`. */
  listen(options?: StudioListenOptions): Promise<StudioServer>;
  /** Ends live-update streams and detaches from the actions still running (their rows stay resumable). */
  close(): Promise<void>;
}

/** The Content-Security-Policy of every answer: only the studio's own script, style and media. */
export const studioContentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; media-src 'self' https:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

const securityHeaders: Record<string, string> = {
  'Content-Security-Policy': studioContentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

const idPattern = /^[A-Za-z0-9._:-]{1,200}$/;

/**
 * The operator console over a conductor, its ledger and storage: a jobs table with filters
 * and live progress, a page per job with its video playing, campaigns, and spend charts.
 * Server-rendered HTML, one small script and stylesheet shipped in the package, a strict CSP,
 * no dependency beyond `node:http`.
 *
 * Every request is checked in this order: `Host`/`Origin` not allowed, `403`; too many
 * failed token attempts from its address, `429`; `tokens` configured and none presented,
 * `401`. Action endpoints (`POST /api/jobs/:id/{resume,persist,cancel}`) answer `403` unless
 * `allowActions`, and need the `X-Studio-Action` header a cross-site form cannot send.
 *
 * @throws InvalidRequestError (code `STUDIO_TOKEN_INVALID`, `STUDIO_ALLOWED_HOST_INVALID`, `STUDIO_LEDGER_MISSING`) naming the field.
 * @example
 * ```ts
 * import { createStudio } from '@ring/video-conductor/studio';
 *
 * const studio = createStudio({ conductor, ledger, storage });
 * const { url } = await studio.listen({ port: 4777 });
 * console.error(`studio: ${url}`);
 * ```
 */
export function createStudio(options: StudioOptions): Studio {
  const { conductor, ledger, storage, allowActions = false, tokens = [], budget, pollMs = 1000, maxWatched = 100, maxSummaryRows = 100_000, onError } = options;
  if (typeof ledger?.list !== 'function') {
    throw new InvalidRequestError('createStudio needs the ledger the conductor writes (ledger)', { field: 'ledger', code: 'STUDIO_LEDGER_MISSING' });
  }
  const allowed = resolveStudioAllowedHosts(options.allowedHosts);
  const matchesToken = tokens.length === 0 ? undefined : createTokenMatcher(tokens);
  const throttle = createFailureThrottle(options.failedAuth?.maxFailures, options.failedAuth?.windowMs);
  /** Provider percentages of the jobs this studio runs. */
  const progress = new Map<string, number>();
  /** Actions running in the background, by record id. */
  const running = new Map<string, Promise<unknown>>();
  const background = new AbortController();
  const streams = new Set<ServerResponse>();

  const send = (response: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}) => {
    response.writeHead(status, { ...securityHeaders, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), 'Cache-Control': 'no-store', ...headers });
    response.end(body);
  };
  const sendHtml = (response: ServerResponse, status: number, body: string) => send(response, status, 'text/html; charset=utf-8', body);
  const sendJson = (response: ServerResponse, status: number, value: unknown) => send(response, status, 'application/json', JSON.stringify(value));
  const errorPage = (status: number, title: string, message: string) =>
    renderLayout({ page: 'error', title, body: html`<h1>${title}</h1><p id="error-message">${message}</p><p><a href="/jobs">Back to the jobs</a></p>` });

  const unauthorized = (request: IncomingMessage, response: ServerResponse) => {
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    const headers = { 'WWW-Authenticate': 'Bearer realm="video-conductor-studio"' };
    if (wantsHtml) {
      const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in · video-conductor studio</title><link rel="stylesheet" href="/assets/studio.css"></head><body><main id="main"><h1>Sign in</h1><p>This studio needs a token.</p><form method="post" action="/login"><label>Token <input type="password" name="token" autocomplete="current-password" required></label> <button type="submit">Sign in</button></form></main></body></html>`;
      send(response, 401, 'text/html; charset=utf-8', body, headers);
    } else {
      send(response, 401, 'application/json', JSON.stringify({ error: { code: 'UNAUTHORIZED', message: 'Send a valid token as "Authorization: Bearer <token>"' } }), headers);
    }
  };

  const readBody = (request: IncomingMessage, limit = 4096) =>
    new Promise<string>((resolve, reject) => {
      let text = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => {
        text += chunk;
        if (text.length > limit) {
          reject(new InvalidRequestError('The request body is too large', { field: 'body', code: 'STUDIO_BODY_TOO_LARGE' }));
          request.destroy();
        }
      });
      request.on('end', () => resolve(text));
      request.on('error', reject);
    });

  /** The URL the media of a row is at: the storage's (presigned, when configured) or the row's own. */
  const mediaUrl = async (record: VideoRecord, kind: 'video' | 'thumbnail' | 'first-frame'): Promise<{ url: string; contentType?: string } | undefined> => {
    const pick = (key: string | null | undefined, url: string | null | undefined) => ({ key: key ?? undefined, url: url ?? undefined });
    const source =
      kind === 'video'
        ? pick(record.storageKey, record.url)
        : kind === 'thumbnail'
          ? pick(record.thumbnail?.storageKey, record.thumbnail?.url)
          : pick(record.firstFrame?.storageKey, record.firstFrame?.url);
    const contentType = kind === 'video' ? 'video/mp4' : kind === 'thumbnail' ? record.thumbnail?.contentType : record.firstFrame?.contentType;
    let url = source.url;
    if (source.key !== undefined && storage !== undefined) url = await storage.url(source.key);
    if (url === undefined) return undefined;
    return { url, ...(contentType === undefined ? {} : { contentType }) };
  };

  const serveMedia = async (request: IncomingMessage, response: ServerResponse, id: string, kind: 'video' | 'thumbnail' | 'first-frame') => {
    const record = await conductor.get(id);
    const media = record === null ? undefined : await mediaUrl(record, kind);
    if (media === undefined) {
      send(response, 404, 'text/plain; charset=utf-8', `No ${kind} for this job`);
      return;
    }
    const scheme = media.url.slice(0, media.url.indexOf(':')).toLowerCase();
    if (scheme === 'file') {
      await serveFile(request, response, media.url, media.contentType, securityHeaders);
    } else if (scheme === 'https' || scheme === 'http') {
      // S3 and CDNs: the browser fetches the (presigned) URL itself, ranges included.
      response.writeHead(302, { ...securityHeaders, Location: media.url, 'Cache-Control': 'no-store' });
      response.end();
    } else if (scheme === 'data') {
      const match = /^data:([^;,]+)?(;base64)?,(.*)$/s.exec(media.url);
      if (match === null) {
        send(response, 404, 'text/plain; charset=utf-8', `The ${kind} is not readable`);
        return;
      }
      const bytes = match[2] === undefined ? Buffer.from(decodeURIComponent(match[3] ?? '')) : Buffer.from(match[3] ?? '', 'base64');
      response.writeHead(200, { ...securityHeaders, 'Content-Type': match[1] ?? 'application/octet-stream', 'Content-Length': String(bytes.byteLength) });
      response.end(bytes);
    } else {
      send(response, 404, 'text/plain; charset=utf-8', `The ${kind} is at a URL the studio cannot serve`);
    }
  };

  /** `GET /events?ids=a,b`: one `job` event per watched row whenever its status, update time or progress changes. */
  const serveEvents = (request: IncomingMessage, response: ServerResponse, params: URLSearchParams) => {
    const ids = [...new Set((params.get('ids') ?? '').split(',').filter((id) => idPattern.test(id)))].slice(0, maxWatched);
    response.writeHead(200, { ...securityHeaders, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    response.write('retry: 2000\n\n');
    streams.add(response);
    const last = new Map<string, string>();
    let busy = false;
    const tick = async () => {
      if (busy) return;
      busy = true;
      try {
        for (const id of ids) {
          const record = await conductor.get(id);
          if (record === null) continue;
          const event = { id: record.id, status: record.status, updatedAt: record.updatedAt, ...(progress.has(id) ? { progress: progress.get(id) } : {}) };
          const text = JSON.stringify(event);
          if (last.get(id) === text) continue;
          last.set(id, text);
          response.write(`event: job\ndata: ${text}\n\n`);
        }
      } catch {
        // A ledger hiccup: try again at the next tick.
      } finally {
        busy = false;
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), pollMs);
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
    const stop = () => {
      clearInterval(timer);
      clearInterval(heartbeat);
      streams.delete(response);
    };
    request.on('close', stop);
    response.on('close', stop);
  };

  const runAction = async (response: ServerResponse, id: string, action: StudioAction) => {
    if (!allowActions) {
      sendJson(response, 403, { error: { code: 'STUDIO_ACTIONS_DISABLED', message: 'Actions are off: start the studio with --allow-actions (allowActions: true)' } });
      return;
    }
    const record = await conductor.get(id);
    if (record === null) {
      sendJson(response, 404, { error: { code: 'RECORD_NOT_FOUND', message: `No job ${id}` } });
      return;
    }
    if (!isActionApplicable(action, record)) {
      sendJson(response, 409, { error: { code: 'STATUS_CONFLICT', message: `A ${record.status} job cannot be given "${action}"` } });
      return;
    }
    if (action === 'cancel') {
      const after = await conductor.cancel(id);
      sendJson(response, 200, { recordId: id, status: after.status });
      return;
    }
    if (running.has(id)) {
      sendJson(response, 409, { error: { code: 'ACTION_RUNNING', message: `This studio is already running "${action}" of job ${id}` } });
      return;
    }
    const call = {
      signal: background.signal,
      onEvent: (event: { type: string; progress?: number }) => {
        if (event.type === 'progress' && typeof event.progress === 'number') progress.set(id, event.progress);
      },
    };
    const job = (action === 'resume' ? conductor.resume(id, call) : conductor.persist(id, call))
      .catch((error: unknown) => {
        try {
          onError?.(error, { recordId: id, action });
        } catch {
          // Logging must not break the studio.
        }
      })
      .finally(() => {
        running.delete(id);
        progress.delete(id);
      });
    running.set(id, job);
    sendJson(response, 202, { recordId: id, action, status: 'started' });
  };

  const route = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://studio.invalid');
    const path = url.pathname;
    const method = request.method ?? 'GET';
    let segments: string[];
    try {
      segments = path.split('/').filter((segment) => segment !== '').map((segment) => decodeURIComponent(segment));
    } catch {
      throw new InvalidRequestError(`The path ${path} is not valid percent-encoding`, { field: 'path', code: 'STUDIO_INVALID_FILTER' });
    }
    const isRead = method === 'GET' || method === 'HEAD';

    if (method === 'POST' && segments[0] === 'api' && segments[1] === 'jobs' && segments.length === 4) {
      const [, , id = '', action = ''] = segments;
      if (!studioActions.includes(action as StudioAction) || !idPattern.test(id)) {
        sendJson(response, 404, { error: { code: 'NOT_FOUND', message: 'No such action' } });
        return;
      }
      if (!allowActions) {
        request.resume();
        await runAction(response, id, action as StudioAction);
        return;
      }
      if (request.headers['x-studio-action'] !== action) {
        request.resume();
        sendJson(response, 403, { error: { code: 'STUDIO_ACTION_HEADER_MISSING', message: `Send the header "X-Studio-Action: ${action}"` } });
        return;
      }
      request.resume();
      await runAction(response, id, action as StudioAction);
      return;
    }
    if (!isRead) {
      request.resume();
      send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed', { Allow: 'GET, HEAD' });
      return;
    }
    if (path === '/') {
      response.writeHead(302, { ...securityHeaders, Location: '/jobs' });
      response.end();
      return;
    }
    if (path === '/assets/studio.css') return send(response, 200, 'text/css; charset=utf-8', studioCss, { 'Cache-Control': 'no-cache' });
    if (path === '/assets/studio.js') return send(response, 200, 'text/javascript; charset=utf-8', studioScript, { 'Cache-Control': 'no-cache' });
    if (path === '/jobs') {
      const filter = parseJobsFilter(url.searchParams);
      const query: VideoRecordQuery = { ...queryOfFilter(filter), limit: filter.limit, ...(filter.cursor === '' ? {} : { cursor: filter.cursor }) };
      const page = await ledger.list(query);
      // A ledger that predates `qualityMode`/`promptContains` ignores them: filter again here.
      const needle = filter.q.toLowerCase();
      const records = page.records.filter((record) => (filter.mode === '' || record.qualityMode === filter.mode) && (needle === '' || record.prompt.toLowerCase().includes(needle)));
      return sendHtml(response, 200, renderJobsPage({ filter, records, nextCursor: page.nextCursor, presets: conductor.presets, progress }));
    }
    if (segments[0] === 'jobs' && segments.length === 2) {
      const record = await conductor.get(segments[1]!);
      if (record === null) return sendHtml(response, 404, errorPage(404, 'Job not found', `There is no job ${segments[1]} in the ledger.`));
      return sendHtml(response, 200, renderJobPage({ record, allowActions, progress: progress.get(record.id) }));
    }
    if (segments[0] === 'api' && segments[1] === 'jobs' && segments.length === 3) {
      const record = await conductor.get(segments[2]!);
      if (record === null) return sendJson(response, 404, { error: { code: 'RECORD_NOT_FOUND', message: `No job ${segments[2]}` } });
      return sendJson(response, 200, record);
    }
    if (segments[0] === 'media' && segments.length === 3 && (segments[2] === 'video' || segments[2] === 'thumbnail' || segments[2] === 'first-frame')) {
      return serveMedia(request, response, segments[1]!, segments[2]);
    }
    if (path === '/events') return serveEvents(request, response, url.searchParams);
    if (path === '/campaigns') {
      const summary = await summarizeVideoCosts(ledger, {}, { maxRows: maxSummaryRows });
      return sendHtml(response, 200, renderCampaignsPage(campaignsOf(summary.groups)));
    }
    if (segments[0] === 'campaigns' && segments.length === 2) {
      const id = segments[1]!;
      const cursor = url.searchParams.get('cursor') ?? '';
      const page = await ledger.list({ audit: { pipelineRequestId: id }, limit: 100, ...(cursor === '' ? {} : { cursor }) });
      return sendHtml(response, 200, renderCampaignPage({ id, records: page.records, nextCursor: page.nextCursor, cursor, progress }));
    }
    if (path === '/money') {
      const filter = parseJobsFilter(new URLSearchParams({ from: url.searchParams.get('from') ?? '', to: url.searchParams.get('to') ?? '' }));
      const query = queryOfFilter(filter);
      const summary = await summarizeVideoCosts(ledger, query, { maxRows: maxSummaryRows });
      return sendHtml(response, 200, renderMoneyPage({ summary, from: filter.from, to: filter.to, budget }));
    }
    return sendHtml(response, 404, errorPage(404, 'Not found', `Nothing at ${path}.`));
  };

  const handler: StudioRequestHandler = (request, response) => {
    if (!isAllowedHostRequest(request, allowed)) {
      request.resume();
      send(response, 403, 'text/plain; charset=utf-8', 'Forbidden: this Host or Origin is not allowed (allowedHosts)');
      return;
    }
    if (matchesToken !== undefined) {
      const address = request.socket.remoteAddress ?? 'unknown';
      const wait = throttle.retryAfterSec(address);
      if (wait > 0) {
        request.resume();
        send(response, 429, 'text/plain; charset=utf-8', `Too many failed sign-ins from this address; retry in ${wait} s`, { 'Retry-After': String(wait) });
        return;
      }
      const path = (request.url ?? '/').split('?')[0];
      if (request.method === 'POST' && path === '/login') {
        readBody(request)
          .then((text) => {
            const token = new URLSearchParams(text).get('token') ?? undefined;
            if (!matchesToken(token)) {
              throttle.fail(address);
              unauthorized(request, response);
              return;
            }
            throttle.succeed(address);
            response.writeHead(303, {
              ...securityHeaders,
              Location: '/jobs',
              'Set-Cookie': `${studioTokenCookie}=${encodeURIComponent(token!)}; HttpOnly; SameSite=Strict; Path=/`,
              'Cache-Control': 'no-store',
            });
            response.end();
          })
          .catch(() => unauthorized(request, response));
        return;
      }
      if (!matchesToken(presentedToken(request))) {
        throttle.fail(address);
        request.resume();
        unauthorized(request, response);
        return;
      }
      throttle.succeed(address);
    }
    route(request, response).catch((error: unknown) => {
      if (response.headersSent) {
        response.end();
        return;
      }
      const status = InvalidRequestError.isInstance(error) || (LedgerError.isInstance(error) && error.code === 'INVALID_QUERY') ? 400 : 500;
      const message = VideoConductorError.isInstance(error) ? error.message : 'Internal error';
      const field = (error as { field?: unknown }).field;
      const code = VideoConductorError.isInstance(error) ? error.code : 'INTERNAL_ERROR';
      if ((request.url ?? '').startsWith('/api/')) sendJson(response, status, { error: { code, message, ...(typeof field === 'string' ? { field } : {}) } });
      else sendHtml(response, status, errorPage(status, status === 400 ? 'Invalid request' : 'Something went wrong', message));
    });
  };

  const close = async () => {
    background.abort();
    for (const stream of streams) stream.end();
    streams.clear();
    await Promise.allSettled([...running.values()]);
  };

  return {
    handler,
    close,
    async listen(listenOptions: StudioListenOptions = {}) {
      const { port = 4777, host = '127.0.0.1' } = listenOptions;
      if (!isLoopbackHost(host)) {
        if (matchesToken === undefined) {
          throw new InvalidRequestError(`The studio listens on ${host}, beyond loopback: give it bearer tokens (tokens; CLI VIDEO_CONDUCTOR_STUDIO_TOKENS)`, { field: 'tokens', code: 'STUDIO_TOKENS_MISSING' });
        }
        if (options.allowedHosts === undefined || options.allowedHosts.length === 0) {
          throw new InvalidRequestError(`The studio listens on ${host}, beyond loopback: list the host names browsers use to reach it (allowedHosts; CLI --allowed-hosts)`, {
            field: 'allowedHosts',
            code: 'STUDIO_ALLOWED_HOSTS_MISSING',
          });
        }
      }
      const server = createServer(handler);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address() as AddressInfo;
      let closing: Promise<void> | undefined;
      return {
        url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
        close() {
          closing ??= (async () => {
            await close();
            await new Promise<void>((resolve, reject) => {
              server.close((error) => (error ? reject(error) : resolve()));
              server.closeAllConnections();
            });
          })();
          return closing;
        },
      };
    },
  };
}

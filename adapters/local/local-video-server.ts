import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { ProviderError } from '@ring/video-conductor';
import { localVideoFixtures } from './local-video-fixture.js';
import { parseLocalRequestId, requestIdOfLocalVideoPath } from './local-video-job.js';

/**
 * The loopback HTTP server the local provider downloads its videos from: `node:http` on
 * `127.0.0.1`, started on first use, serving `GET`/`HEAD /videos/<requestId>.mp4` for any
 * finished local job (the fixture is named by the request id, so it needs no state).
 *
 * `node:http` is imported when the server starts, so merely importing `/testing` works in
 * runtimes without it.
 */
export class LocalVideoServer {
  #server: Server | undefined;
  #starting: Promise<string> | undefined;
  #closed = false;

  constructor(
    private readonly port: number,
    private readonly providerId: string,
  ) {}

  /** `http://127.0.0.1:<port>`, starting the server when it is not running yet. */
  async origin(): Promise<string> {
    if (this.#closed) {
      throw new ProviderError('The local video provider was closed', { provider: this.providerId, code: 'PROVIDER_CLOSED' });
    }
    this.#starting ??= this.#start();
    return this.#starting;
  }

  /** The origin when running, else `undefined`. */
  get currentOrigin(): string | undefined {
    const address = this.#server?.address();
    return address !== null && typeof address === 'object' ? `http://127.0.0.1:${address.port}` : undefined;
  }

  /** Stops listening and drops kept-alive connections. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    const starting = this.#starting;
    if (starting === undefined) return;
    await starting.catch(() => undefined);
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // fetch keeps connections alive; without this, close() would wait for them to time out.
      server.closeAllConnections();
    });
  }

  async #start(): Promise<string> {
    const http = await import('node:http');
    const server = http.createServer((request, response) => this.#handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    // A forgotten close() must not keep the process alive.
    server.unref();
    this.#server = server;
    return this.currentOrigin!;
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    const requestId = requestIdOfLocalVideoPath(pathname);
    const job = requestId === undefined ? undefined : parseLocalRequestId(requestId);
    if (job === undefined || job.outcome !== 'done') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { 'content-type': 'text/plain', allow: 'GET, HEAD' }).end('method not allowed');
      return;
    }
    const bytes = localVideoFixtures[job.fixture].bytes();
    response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(bytes.byteLength), 'cache-control': 'no-store' });
    response.end(request.method === 'HEAD' ? undefined : bytes);
  }
}

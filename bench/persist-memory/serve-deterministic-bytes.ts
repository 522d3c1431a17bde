import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { deterministicChunk } from '../../test/storage/deterministic-body.js';

/** Chunk size the server writes, in bytes (also the chunking of the expected sha256). */
export const servedChunkBytes = 64 * 1024;

const ftyp = [0x66, 0x74, 0x79, 0x70];

/**
 * Chunk `index` of the served video: deterministic noise whose first chunk starts like an
 * MP4 — a box of size 0 ("to the end of the file") of type `ftyp` — so the conductor's
 * signature check accepts it.
 */
export function videoChunk(index: number, byteLength: number): Uint8Array {
  const chunk = deterministicChunk(index, byteLength);
  if (index === 0 && byteLength >= 8) chunk.set(ftyp, 4);
  return chunk;
}

/** Hex sha256 of the first `totalBytes` the server sends. */
export function videoSha256(totalBytes: number): string {
  const hash = createHash('sha256');
  for (let index = 0, offset = 0; offset < totalBytes; index++, offset += servedChunkBytes) {
    hash.update(videoChunk(index, Math.min(servedChunkBytes, totalBytes - offset)));
  }
  return hash.digest('hex');
}

/**
 * A loopback HTTP server standing in for a provider's temporary video URL:
 * `GET /video.mp4?bytes=N` streams N deterministic bytes (see `deterministicChunk`) with a
 * `Content-Length`, honouring backpressure, so the server itself holds one chunk at a time.
 */
export async function serveDeterministicBytes(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const totalBytes = Number(url.searchParams.get('bytes'));
    if (url.pathname !== '/video.mp4' || !Number.isSafeInteger(totalBytes) || totalBytes < 0) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(totalBytes) });
    let index = 0;
    let sent = 0;
    const writeMore = () => {
      while (sent < totalBytes) {
        const chunk = videoChunk(index, Math.min(servedChunkBytes, totalBytes - sent));
        index += 1;
        sent += chunk.byteLength;
        if (!response.write(chunk)) {
          response.once('drain', writeMore);
          return;
        }
      }
      response.end();
    };
    response.on('close', () => response.off('drain', writeMore));
    writeMore();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

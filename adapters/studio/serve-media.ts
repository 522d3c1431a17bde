import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const contentTypes: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mov': 'video/quicktime',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
};

/** A single `bytes=` range of a file of `size` bytes, `undefined` when absent, `null` when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined | null {
  if (header === undefined) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return undefined; // several ranges or another unit: answer with the whole file
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return null;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) return null;
  return { start, end };
}

/**
 * Streams a file with HTTP Range support (one range: `206` with `Content-Range`; none or
 * several: `200`; unsatisfiable: `416`), as `<video>` needs to seek. The file is named by the
 * ledger row (its storage URL), never by the request.
 */
export async function serveFile(request: IncomingMessage, response: ServerResponse, fileUrl: string, contentType: string | undefined, headers: Record<string, string>): Promise<void> {
  const path = fileURLToPath(fileUrl);
  let size: number;
  try {
    const stats = await stat(path);
    if (!stats.isFile()) throw new Error('not a file');
    size = stats.size;
  } catch {
    response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('The stored file is missing');
    return;
  }
  const type = contentType ?? contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream';
  const range = parseRange(typeof request.headers.range === 'string' ? request.headers.range : undefined, size);
  const common = { ...headers, 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, max-age=300' };
  if (range === null) {
    response.writeHead(416, { ...common, 'Content-Range': `bytes */${size}` });
    response.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  response.writeHead(range === undefined ? 200 : 206, {
    ...common,
    'Content-Length': String(size === 0 ? 0 : end - start + 1),
    ...(range === undefined ? {} : { 'Content-Range': `bytes ${start}-${end}/${size}` }),
  });
  if (request.method === 'HEAD' || size === 0) {
    response.end();
    return;
  }
  const stream = createReadStream(path, { start, end });
  stream.on('error', () => response.destroy());
  response.on('close', () => stream.destroy());
  stream.pipe(response);
}

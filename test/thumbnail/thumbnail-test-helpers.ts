import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';

/** A solid-colour PNG made with sharp. */
export function solidPng(width: number, height: number, color: string): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
}

/** A PNG whose left half is one colour and right half another (to see that the source survives). */
export async function twoColourPng(width: number, height: number, left: string, right: string): Promise<Buffer> {
  const half = await solidPng(Math.floor(width / 2), height, right);
  return sharp({ create: { width, height, channels: 3, background: left } })
    .composite([{ input: half, left: Math.ceil(width / 2), top: 0 }])
    .png()
    .toBuffer();
}

/** `#rrggbb` → `[r, g, b]`. */
export function rgbOf(hex: string): [number, number, number] {
  return [Number.parseInt(hex.slice(1, 3), 16), Number.parseInt(hex.slice(3, 5), 16), Number.parseInt(hex.slice(5, 7), 16)];
}

/** Decodes an encoded image and gives its format, size and a pixel reader. */
export async function decode(data: Uint8Array) {
  const image = sharp(data);
  const metadata = await image.metadata();
  const { data: raw, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    format: metadata.format,
    width: info.width,
    height: info.height,
    /** `[r, g, b]` of the pixel at (x, y). */
    pixel(x: number, y: number): [number, number, number] {
      const offset = (y * info.width + x) * info.channels;
      return [raw[offset]!, raw[offset + 1]!, raw[offset + 2]!];
    },
  };
}

/** Whether two colours are within `tolerance` on every channel. */
export function near(actual: readonly number[], expected: readonly number[], tolerance: number): boolean {
  return actual.every((value, index) => Math.abs(value - expected[index]!) <= tolerance);
}

/** A loopback HTTP server; `routes` maps a path to a status and body. */
export async function startServer(routes: Record<string, { status?: number; body?: Uint8Array; contentType?: string }>) {
  const requests: string[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    requests.push(`${request.method} ${request.url}`);
    const route = routes[request.url ?? ''];
    if (route === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(route.status ?? 200, { 'content-type': route.contentType ?? 'image/png' });
    response.end(route.body === undefined ? undefined : Buffer.from(route.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Resolves with the rejection of `promise` (fails when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

import { ModerationError, type GeneratedImage } from '@ring/video-conductor';
import { z } from 'zod';
import { createInvalidResponseError } from './map-xai-error.js';
import { parseJsonBody, type XaiHttpResponse } from './xai-http-client.js';

const ticksPerUsd = 1e10;

const imageResponseSchema = z.object({
  data: z
    .array(
      z.object({
        url: z.string().nullish(),
        b64_json: z.string().nullish(),
        respect_moderation: z.boolean().nullish().catch(undefined),
      }),
    )
    .nullish(),
  usage: z.object({ cost_in_usd_ticks: z.number().nullish().catch(undefined) }).nullish().catch(undefined),
});

/**
 * Maps the answer of `POST /images/generations` to a `GeneratedImage`: the first item's
 * `url`, or its `b64_json` decoded into `data`. The content type is sniffed from the bytes
 * (or guessed from the URL's extension; xAI serves JPEG by default). An item flagged
 * `respect_moderation: false` rejects with `ModerationError`; an answer with neither a URL
 * nor bytes with `ProviderError` `INVALID_RESPONSE`.
 */
export function mapImageResponse(response: XaiHttpResponse): GeneratedImage {
  const body = parseJsonBody(response, imageResponseSchema);
  const item = body?.data?.[0];
  const costUsd = typeof body?.usage?.cost_in_usd_ticks === 'number' ? body.usage.cost_in_usd_ticks / ticksPerUsd : undefined;
  const cost = costUsd === undefined ? {} : { costUsd };

  if (item?.respect_moderation === false) {
    throw new ModerationError(`${response.operation}: xAI moderation blocked the image.`, { provider: 'xai' });
  }
  if (typeof item?.b64_json === 'string' && item.b64_json !== '') {
    const { data, contentType } = decodeBase64Image(item.b64_json, response);
    return { ...(item.url ? { url: item.url } : {}), data, contentType, ...cost };
  }
  if (typeof item?.url === 'string' && item.url !== '') {
    return { url: item.url, contentType: contentTypeFromUrl(item.url), ...cost };
  }
  throw createInvalidResponseError({ operation: response.operation, status: response.status, detail: 'no image URL or data in the answer' });
}

function decodeBase64Image(encoded: string, response: XaiHttpResponse): { data: Uint8Array; contentType: string } {
  // Tolerate a data URL where plain base64 is documented.
  const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(encoded);
  const payload = (dataUrl ? dataUrl[2]! : encoded).replace(/\s+/g, '');
  let data: Uint8Array;
  try {
    data = Uint8Array.from(atob(payload), (character) => character.charCodeAt(0));
  } catch {
    throw createInvalidResponseError({ operation: response.operation, status: response.status, detail: 'b64_json is not valid base64' });
  }
  return { data, contentType: sniffImageType(data) ?? dataUrl?.[1] ?? 'image/jpeg' };
}

function sniffImageType(bytes: Uint8Array): string | undefined {
  const startsWith = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (startsWith(0x89, 0x50, 0x4e, 0x47)) return 'image/png';
  if (startsWith(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (startsWith(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) {
    return 'image/webp';
  }
  return undefined;
}

function contentTypeFromUrl(url: string): string {
  let pathname = url;
  try {
    pathname = new URL(url).pathname;
  } catch {
    // Not an absolute URL: look at the string itself.
  }
  const extension = /\.([a-z0-9]+)$/i.exec(pathname)?.[1]?.toLowerCase();
  if (extension === 'png') return 'image/png';
  if (extension === 'webp') return 'image/webp';
  return 'image/jpeg';
}

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Experimental_VideoModelV4 as VideoModelV4 } from '@ai-sdk/provider';
import { createDownload, experimental_generateVideo } from 'ai';

/**
 * The host name the AI SDK is given instead of 127.0.0.1: its download refuses loopback and
 * private addresses (SSRF protection in `validateDownloadUrl`), so the model hands out a
 * public-looking URL and the injected `fetch` — the documented `createDownload({ fetch })`
 * hook — sends the request to the loopback server. Everything after the `fetch` (reading
 * the body with `readResponseWithSizeLimit`, building the result) is the SDK's own code.
 */
const publicHost = 'video.bench.example';

/** A video model whose one job is already done: its result is `url`, as most video APIs answer. */
export function urlVideoModel(url: string): VideoModelV4 {
  return {
    specificationVersion: 'v4',
    provider: 'bench',
    modelId: 'loopback-url',
    maxVideosPerCall: 1,
    async doGenerate() {
      return {
        videos: [{ type: 'url', url, mediaType: 'video/mp4' }],
        warnings: [],
        response: { timestamp: new Date(), modelId: 'loopback-url', headers: undefined },
      };
    },
  };
}

/**
 * What an AI SDK user does to keep a generated video: `experimental_generateVideo` with a
 * model whose result is the URL at `url` (the SDK downloads it with its default download
 * function), then `writeFile` of `result.video.uint8Array` under `directory/key`.
 * No fsync, as `writeFile` does not.
 * @returns The size of the written file in bytes.
 */
export async function persistThroughAiSdk(input: { url: string; directory: string; key: string }): Promise<{ sizeBytes: number }> {
  const loopback = new URL(input.url);
  const published = new URL(input.url);
  published.hostname = publicHost;
  const download = createDownload({
    fetch: (request, init) => {
      const target = new URL(request instanceof Request ? request.url : String(request));
      if (target.hostname === publicHost) target.host = loopback.host;
      return globalThis.fetch(target, init);
    },
  });
  const result = await experimental_generateVideo({
    model: urlVideoModel(published.href),
    prompt: 'persist-memory benchmark',
    download,
  });
  const bytes = result.video.uint8Array;
  const path = join(input.directory, ...input.key.split('/'));
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return { sizeBytes: bytes.byteLength };
}

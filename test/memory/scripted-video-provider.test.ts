import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  InvalidRequestError,
  ProviderError,
  RateLimitError,
  UnsupportedCapabilityError,
  type ProviderVideoInput,
} from '@ring/video-conductor';
import {
  createTestMp4,
  ScriptedVideoProvider,
  scriptedDone,
  scriptedFailed,
  scriptedPending,
  videoResponseChunkBytes,
} from '@ring/video-conductor/testing';

const input: ProviderVideoInput = { operation: 'generate', model: 'grok-imagine-video', prompt: 'A fox in the snow', durationSec: 6 };
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

async function readChunks(response: Response): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = response.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

describe('ScriptedVideoProvider: scripts', () => {
  it('follows the default script: pending at 50 %, then done with the default URL, duration and 0.05 USD/s', async () => {
    const provider = new ScriptedVideoProvider();
    const { requestId } = await provider.submit(input);
    expect(requestId).toBe('job-1');
    expect(await provider.getStatus(requestId)).toEqual({ state: 'pending', progress: 50 });
    const done = { state: 'done', video: { url: 'https://scripted.video.test/job-1.mp4', durationSec: 6 }, usage: { costUsd: 0.3 } };
    expect(await provider.getStatus(requestId)).toEqual(done);
    expect(await provider.getStatus(requestId), 'the last step repeats').toEqual(done);
  });

  it('rounds the default cost and leaves out what an input without duration cannot know', async () => {
    const provider = new ScriptedVideoProvider({ baseUrl: 'https://cdn.test/v/' });
    const three = await provider.submit({ ...input, durationSec: 3 });
    await provider.getStatus(three.requestId);
    expect(await provider.getStatus(three.requestId)).toMatchObject({ usage: { costUsd: 0.15 } });
    const edit = await provider.submit({ operation: 'edit', model: 'm', prompt: 'winter', sourceVideoUrl: 'https://videos.test/a.mp4' });
    await provider.getStatus(edit.requestId);
    expect(await provider.getStatus(edit.requestId)).toEqual({ state: 'done', video: { url: 'https://cdn.test/v/job-2.mp4' } });
  });

  it('plays each job its own script and falls back to the default past the end of jobs', async () => {
    const provider = new ScriptedVideoProvider({
      jobs: [
        { steps: [scriptedPending(10), scriptedPending(90), scriptedDone({ usage: { costUsd: 1 }, video: { contentType: 'video/webm' } })] },
        { steps: [{ state: 'moderated', message: 'blocked' }] },
      ],
    });
    const first = await provider.submit(input);
    const second = await provider.submit(input);
    const third = await provider.submit(input);
    expect(await provider.getStatus(second.requestId)).toEqual({ state: 'moderated', message: 'blocked' });
    expect(await provider.getStatus(first.requestId)).toEqual({ state: 'pending', progress: 10 });
    expect(await provider.getStatus(first.requestId)).toEqual({ state: 'pending', progress: 90 });
    expect(await provider.getStatus(first.requestId)).toEqual({
      state: 'done',
      video: { url: 'https://scripted.video.test/job-1.mp4', durationSec: 6, contentType: 'video/webm' },
      usage: { costUsd: 1 },
    });
    expect(await provider.getStatus(third.requestId)).toEqual({ state: 'pending', progress: 50 });
  });

  it('asks a jobs function for each script, with the input and the submit index', async () => {
    const seen: Array<[string, number]> = [];
    const provider = new ScriptedVideoProvider({
      jobs: (submitted, index) => {
        seen.push([submitted.prompt, index]);
        return index === 1 ? { steps: [scriptedFailed('quota', { message: 'no credits', retryable: true })] } : {};
      },
    });
    await provider.submit({ ...input, prompt: 'first' });
    const second = await provider.submit({ ...input, prompt: 'second' });
    expect(seen).toEqual([
      ['first', 0],
      ['second', 1],
    ]);
    expect(await provider.getStatus(second.requestId)).toEqual({ state: 'failed', code: 'quota', message: 'no credits', retryable: true });
  });

  it('throws submitError without using up a request id, and counts the call', async () => {
    const refused = new RateLimitError('POST /videos failed with 429', { provider: 'scripted', retryAfterMs: 1000 });
    const provider = new ScriptedVideoProvider({ jobs: [{ submitError: refused }] });
    expect(await rejectionOf(provider.submit(input))).toBe(refused);
    expect(await provider.submit(input)).toEqual({ requestId: 'job-1' });
    expect(provider.submitCount).toBe(2);
  });

  it('throws an { error } step on exactly that status call, then moves on', async () => {
    const outage = new ProviderError('GET /videos/job-1 failed with 503', { provider: 'scripted', status: 503 });
    const raw = new TypeError('fetch failed');
    const provider = new ScriptedVideoProvider({ jobs: [{ steps: [scriptedPending(), { error: outage }, { error: raw }, scriptedFailed()] }] });
    const { requestId } = await provider.submit(input);
    expect(await provider.getStatus(requestId)).toEqual({ state: 'pending' });
    expect(await rejectionOf(provider.getStatus(requestId))).toBe(outage);
    expect(await rejectionOf(provider.getStatus(requestId))).toBe(raw);
    expect(await provider.getStatus(requestId)).toEqual({ state: 'failed', code: 'generation_failed', message: 'The scripted job failed', retryable: false });
  });

  it('returns copies: changing a returned status or the script array does not change the next answer', async () => {
    const steps = [scriptedPending(5)];
    const provider = new ScriptedVideoProvider({ jobs: [{ steps }] });
    const { requestId } = await provider.submit(input);
    const status = await provider.getStatus(requestId);
    if (status.state === 'pending') status.progress = 99;
    steps.push(scriptedDone());
    expect(await provider.getStatus(requestId)).toEqual({ state: 'pending', progress: 5 });
  });

  it('rejects an unknown request id with ProviderError JOB_NOT_FOUND (404)', async () => {
    const provider = new ScriptedVideoProvider({ id: 'fake-xai' });
    const error = await rejectionOf(provider.getStatus('job-7'));
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'JOB_NOT_FOUND', status: 404, provider: 'fake-xai', requestId: 'job-7', isRetryable: false });
    expect(await rejectionOf(provider.cancel!('job-7'))).toMatchObject({ code: 'JOB_NOT_FOUND' });
  });
});

describe('ScriptedVideoProvider: calls, capabilities and cancel', () => {
  it('records every call in order, with a copy of the input', async () => {
    const provider = new ScriptedVideoProvider();
    const submitted = { ...input };
    const { requestId } = await provider.submit(submitted);
    submitted.prompt = 'changed later';
    await provider.getStatus(requestId);
    await provider.cancel!(requestId);
    await rejectionOf(provider.getStatus('nope'));
    expect(provider.calls).toEqual([
      { method: 'submit', input },
      { method: 'getStatus', requestId: 'job-1' },
      { method: 'cancel', requestId: 'job-1' },
      { method: 'getStatus', requestId: 'nope' },
    ]);
    expect(provider.submitCount).toBe(1);
  });

  it('cancel makes every later status failed/cancelled', async () => {
    const provider = new ScriptedVideoProvider();
    const { requestId } = await provider.submit(input);
    await provider.cancel!(requestId);
    const cancelled = { state: 'failed', code: 'cancelled', message: 'The job was cancelled', retryable: false };
    expect(await provider.getStatus(requestId)).toEqual(cancelled);
    expect(await provider.getStatus(requestId)).toEqual(cancelled);
  });

  it('declares everything by default and merges capability overrides; without cancel there is no cancel method', () => {
    expect(new ScriptedVideoProvider().capabilities).toEqual({
      textToVideo: true,
      imageToVideo: true,
      edit: true,
      extend: true,
      cancel: true,
      durations: { min: 1, max: 15 },
      resolutions: ['480p', '720p'],
      aspectRatios: ['16:9', '9:16', '1:1', '4:3', '3:4', '3:2', '2:3'],
    });
    const limited = new ScriptedVideoProvider({ capabilities: { cancel: false, durations: { min: 2, max: 10 } } });
    expect(limited.capabilities).toMatchObject({ cancel: false, edit: true, durations: { min: 2, max: 10 } });
    expect(limited.cancel).toBeUndefined();
    expect(new ScriptedVideoProvider().id).toBe('scripted');
  });

  it('refuses operations its capabilities exclude, and edits without a source video', async () => {
    const provider = new ScriptedVideoProvider({ capabilities: { edit: false, imageToVideo: false } });
    const edit = await rejectionOf(provider.submit({ operation: 'edit', model: 'm', prompt: 'p', sourceVideoUrl: 'https://v.test/a.mp4' }));
    expect(UnsupportedCapabilityError.isInstance(edit)).toBe(true);
    expect(edit).toMatchObject({ capability: 'edit', field: 'operation' });
    expect(await rejectionOf(provider.submit({ ...input, imageUrl: 'https://i.test/a.png' }))).toMatchObject({ capability: 'imageToVideo', field: 'imageUrl' });
    const extend = await rejectionOf(provider.submit({ operation: 'extend', model: 'm', prompt: 'p' }));
    expect(InvalidRequestError.isInstance(extend)).toBe(true);
    expect(extend).toMatchObject({ field: 'sourceVideoUrl' });
    expect(await provider.submit(input)).toEqual({ requestId: 'job-1' });
  });
});

describe('ScriptedVideoProvider: signals', () => {
  it('rejects submit, getStatus and cancel with the reason of an already-aborted signal, changing nothing', async () => {
    const provider = new ScriptedVideoProvider();
    const reason = new Error('user gave up');
    const signal = AbortSignal.abort(reason);
    expect(await rejectionOf(provider.submit(input, { signal }))).toBe(reason);
    const { requestId } = await provider.submit(input);
    expect(requestId, 'the aborted submit started no job').toBe('job-1');
    expect(await rejectionOf(provider.getStatus(requestId, { signal }))).toBe(reason);
    expect(await rejectionOf(provider.cancel!(requestId, { signal }))).toBe(reason);
    expect(await provider.getStatus(requestId), 'the aborted calls did not advance or cancel the script').toEqual({ state: 'pending', progress: 50 });
  });
});

describe('ScriptedVideoProvider: fetch', () => {
  async function finishedJob(provider: ScriptedVideoProvider) {
    const { requestId } = await provider.submit(input);
    await provider.getStatus(requestId);
    const status = await provider.getStatus(requestId);
    if (status.state !== 'done') throw new Error('expected done');
    return status.video.url;
  }

  it('serves the video of a finished job with headers, in 64 KiB chunks', async () => {
    const videoBytes = createTestMp4(200_000);
    const provider = new ScriptedVideoProvider({ videoBytes });
    const url = await finishedJob(provider);
    const response = await provider.fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(response.headers.get('content-length')).toBe('200000');
    const chunks = await readChunks(response);
    expect(chunks.map((chunk) => chunk.byteLength)).toEqual([65_536, 65_536, 65_536, 3392]);
    expect(videoResponseChunkBytes).toBe(65_536);
    expect(sha256(new Uint8Array(Buffer.concat(chunks)))).toBe(sha256(videoBytes));
    expect(provider.downloads).toEqual([url]);
  });

  it('serves createTestMp4() by default, also for a URL given as a URL or a Request', async () => {
    const provider = new ScriptedVideoProvider();
    const url = await finishedJob(provider);
    const bytes = new Uint8Array(await (await provider.fetch(new URL(url))).arrayBuffer());
    expect(sha256(bytes)).toBe(sha256(createTestMp4()));
    expect((await provider.fetch(new Request(url))).status).toBe(200);
  });

  it('answers 404 for URLs no done status handed out (yet), 405 for other methods, and HEAD without a body', async () => {
    const provider = new ScriptedVideoProvider();
    const { requestId } = await provider.submit(input);
    expect((await provider.fetch('https://scripted.video.test/job-1.mp4')).status, 'not done yet').toBe(404);
    await provider.getStatus(requestId);
    await provider.getStatus(requestId);
    expect((await provider.fetch('https://scripted.video.test/job-2.mp4')).status).toBe(404);
    expect((await provider.fetch('https://scripted.video.test/job-1.mp4', { method: 'POST' })).status).toBe(405);
    const head = await provider.fetch('https://scripted.video.test/job-1.mp4', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('4096');
    expect(await head.text()).toBe('');
  });

  it('serves a custom URL from a done step', async () => {
    const provider = new ScriptedVideoProvider({ jobs: [{ steps: [scriptedDone({ video: { url: 'https://cdn.other.test/clips/a b.mp4' } })] }] });
    const { requestId } = await provider.submit(input);
    const status = await provider.getStatus(requestId);
    expect(status).toMatchObject({ state: 'done', video: { url: 'https://cdn.other.test/clips/a b.mp4', durationSec: 6 } });
    expect((await provider.fetch('https://cdn.other.test/clips/a%20b.mp4')).status).toBe(200);
  });

  it('failDownloads answers 500 to the next N fetches, then serves again', async () => {
    const provider = new ScriptedVideoProvider();
    const url = await finishedJob(provider);
    provider.failDownloads = 2;
    expect((await provider.fetch(url)).status).toBe(500);
    expect((await provider.fetch(url)).status).toBe(500);
    expect((await provider.fetch(url)).status).toBe(200);
    expect(provider.failDownloads).toBe(0);
    expect(provider.downloads).toHaveLength(3);
  });

  it('breakDownloads errors the body midway for the next N downloads', async () => {
    const provider = new ScriptedVideoProvider({ videoBytes: createTestMp4(300_000) });
    const url = await finishedJob(provider);
    provider.breakDownloads = 1;
    const broken = await provider.fetch(url);
    expect(broken.status).toBe(200);
    expect(broken.headers.get('content-length')).toBe('300000');
    const error = await rejectionOf(broken.arrayBuffer());
    expect(error).toBeInstanceOf(TypeError);
    const whole = new Uint8Array(await (await provider.fetch(url)).arrayBuffer());
    expect(whole.byteLength).toBe(300_000);
  });

  it('honours the signal: rejects at once when already aborted, errors the body when aborted mid-download', async () => {
    const provider = new ScriptedVideoProvider({ videoBytes: createTestMp4(300_000) });
    const url = await finishedJob(provider);
    const reason = new Error('stop');
    expect(await rejectionOf(provider.fetch(url, { signal: AbortSignal.abort(reason) }))).toBe(reason);

    const controller = new AbortController();
    const response = await provider.fetch(url, { signal: controller.signal });
    const reader = response.body!.getReader();
    expect((await reader.read()).value?.byteLength).toBe(65_536);
    controller.abort(reason);
    expect(await rejectionOf(reader.read())).toBe(reason);
  });
});

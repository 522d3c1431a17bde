import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  GenerationExpiredError,
  GenerationTimeoutError,
  ProviderError,
  RateLimitError,
  VideoConductorError,
  type VideoRecord,
} from '@ring/video-conductor';
import { createTestMp4, scriptedDone, scriptedFailed, scriptedPending } from '@ring/video-conductor/testing';
import { createHarness, rejectionOf } from './conductor-harness.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('generate: text-to-video', () => {
  it('writes the row before submit, the request id right after, and stores the MP4 with its hash', async () => {
    const h = createHarness();
    const seen: { event: string; row: VideoRecord | null; submits: number }[] = [];
    const result = await h.conductor.generate(
      { prompt: 'A drone shot over Kyiv at dawn', durationSec: 6, aspectRatio: '9:16', audit: { actorId: 'user-42', clipId: 'intro' } },
      {
        onEvent: async (event) => {
          h.events.push(event);
          seen.push({ event: event.type, row: null, submits: h.provider.submitCount });
        },
      },
    );
    const bytes = createTestMp4();
    expect(result.success).toBe(true);
    if (!result.success) throw new Error('unreachable');
    expect(result).toMatchObject({
      status: 'succeeded',
      qualityMode: 'draft',
      resolution: '480p',
      model: 'grok-imagine-video',
      operation: 'generate',
      estimatedCostUsd: 0.3,
      actualCostUsd: 0.3,
      sha256: sha256(bytes),
      sizeBytes: bytes.byteLength,
      upgrades: [],
      warnings: [],
    });
    expect(result.video).toMatchObject({
      url: `memory://video-conductor/videos/${result.recordId}.mp4`,
      temporaryUrl: 'https://scripted.video.test/job-1.mp4',
      persisted: true,
      requestId: 'job-1',
      recordId: result.recordId,
      storageKey: `videos/${result.recordId}.mp4`,
      durationSec: 6,
      aspectRatio: '9:16',
    });
    // What the provider was asked, exactly.
    expect(h.provider.calls[0]).toEqual({
      method: 'submit',
      input: { operation: 'generate', model: 'grok-imagine-video', prompt: 'A drone shot over Kyiv at dawn', durationSec: 6, aspectRatio: '9:16', resolution: '480p' },
    });
    // The stored bytes are the provider's bytes.
    expect(sha256(h.storage.read(`videos/${result.recordId}.mp4`)!)).toBe(sha256(bytes));
    // The final row tells the whole story.
    const row = await h.ledger.get(result.recordId);
    expect(row).toMatchObject({
      status: 'succeeded',
      provider: 'scripted',
      requestId: 'job-1',
      estimatedCostUsd: 0.3,
      actualCostUsd: 0.3,
      storageKey: `videos/${result.recordId}.mp4`,
      url: result.video.url,
      temporaryUrl: 'https://scripted.video.test/job-1.mp4',
      sha256: sha256(bytes),
      sizeBytes: bytes.byteLength,
      audit: { actorId: 'user-42', clipId: 'intro' },
      error: null,
    });
    expect(seen.map((entry) => entry.event)).toEqual(['planned', 'submitted', 'progress', 'persisting', 'persisted', 'completed']);
    // Nothing was submitted when the row was planned; exactly once afterwards.
    expect(seen[0]!.submits).toBe(0);
    expect(seen[1]!.submits).toBe(1);
  });

  it('has the row pending with no request id at "planned" and the request id at "submitted"', async () => {
    const h = createHarness();
    const snapshots: Record<string, Pick<VideoRecord, 'status' | 'requestId'>> = {};
    const reads: Promise<void>[] = [];
    await h.conductor.generate(
      { prompt: 'A lighthouse in a storm' },
      {
        onEvent: (event) => {
          if (event.type === 'planned' || event.type === 'submitted' || event.type === 'persisting') {
            reads.push(
              h.ledger.get(event.recordId).then((row) => {
                snapshots[event.type] = { status: row!.status, requestId: row!.requestId };
              }),
            );
          }
        },
      },
    );
    await Promise.all(reads);
    expect(snapshots.planned).toEqual({ status: 'pending', requestId: null });
    expect(snapshots.submitted).toEqual({ status: 'submitted', requestId: 'job-1' });
    expect(snapshots.persisting).toEqual({ status: 'persisting', requestId: 'job-1' });
  });

  it('polls at the configured interval with jitter and emits progress', async () => {
    const h = createHarness({
      provider: { jobs: [{ steps: [scriptedPending(10), scriptedPending(60), scriptedDone()] }] },
      conductor: { polling: { intervalMs: 4000, jitter: 0.25 }, random: () => 1 },
    });
    await h.conductor.generate({ prompt: 'Waves' }, { onEvent: h.onEvent });
    // random() = 1 → +25 % each wait: the first wait precedes the first poll.
    expect(h.time.sleeps).toEqual([5000, 5000, 5000]);
    expect(h.events.filter((event) => event.type === 'progress').map((event) => event.type === 'progress' && event.progress)).toEqual([10, 60]);
    expect(h.provider.calls.filter((call) => call.method === 'getStatus')).toHaveLength(3);
  });

  it('honours a provider retryAfterMs on pending', async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [{ state: 'pending', retryAfterMs: 12_000 }, scriptedDone()] }] } });
    await h.conductor.generate({ prompt: 'Waves' });
    expect(h.time.sleeps).toEqual([5000, 12_000]);
  });

  it('keeps the provider URL when no storage is configured', async () => {
    const h = createHarness({ storage: false });
    const result = await h.conductor.generate({ prompt: 'Clouds' });
    if (!result.success) throw new Error('expected success');
    expect(result.video).toMatchObject({ url: 'https://scripted.video.test/job-1.mp4', persisted: false, storageKey: null });
    expect(result.sha256).toBeNull();
    expect(h.provider.downloads).toEqual([]);
    expect((await h.ledger.get(result.recordId))!.status).toBe('succeeded');
  });
});

describe('generate: image-to-video', () => {
  it('upgrades draft to draft_i2v when imageUrl is given and sends the image', async () => {
    const h = createHarness();
    const result = await h.conductor.generate({ prompt: 'The fox runs', imageUrl: 'https://images.test/fox.png', durationSec: 5 });
    expect(result).toMatchObject({
      success: true,
      qualityMode: 'draft_i2v',
      model: 'grok-imagine-video-1.5',
      resolution: '480p',
      estimatedCostUsd: 0.41, // 5 s × 0.08 + the input image 0.01
      firstFrame: { source: 'provided', url: 'https://images.test/fox.png' },
      upgrades: [{ from: 'draft', to: 'draft_i2v', reason: 'image' }],
    });
    expect(h.provider.calls[0]!.input).toMatchObject({ model: 'grok-imagine-video-1.5', imageUrl: 'https://images.test/fox.png', resolution: '480p' });
    expect(h.imageProvider.calls).toHaveLength(0);
  });

  it('makes a first frame from firstFramePrompt, then submits it, and counts its cost', async () => {
    const h = createHarness();
    const result = await h.conductor.generate(
      { prompt: 'The castle gate opens', firstFramePrompt: 'A castle gate at dusk', qualityMode: 'production', aspectRatio: '16:9' },
      { onEvent: h.onEvent },
    );
    expect(h.imageProvider.calls).toEqual([
      { input: { prompt: 'A castle gate at dusk', aspectRatio: '16:9', model: 'grok-imagine-image' } },
    ]);
    const frameUrl = 'https://scripted.image.test/frame-1.png';
    expect(h.provider.calls[0]!.input).toMatchObject({ model: 'grok-imagine-video-1.5', resolution: '720p', imageUrl: frameUrl });
    expect(result).toMatchObject({
      success: true,
      qualityMode: 'production_i2v',
      estimatedCostUsd: 1.15, // 8 s × 0.14 + first frame 0.02 + the frame as input image 0.01
      actualCostUsd: 0.42, // scripted video cost 8 × 0.05 + first frame 0.02
      firstFrame: { source: 'generated', url: frameUrl, prompt: 'A castle gate at dusk', provider: 'scripted', model: 'grok-imagine-image', costUsd: 0.02 },
    });
    const row = await h.ledger.get(result.recordId);
    expect(row).toMatchObject({ imageUrl: frameUrl, firstFrame: { source: 'generated', url: frameUrl } });
    expect(h.events.map((event) => event.type).slice(0, 3)).toEqual(['planned', 'first-frame', 'submitted']);
  });

  it('returns success: false when the first frame is blocked by moderation, without submitting', async () => {
    const { ModerationError } = await import('@ring/video-conductor');
    const h = createHarness();
    const blocked = new (await import('@ring/video-conductor/testing')).ScriptedImageProvider({
      results: [{ error: new ModerationError('prompt blocked', { provider: 'scripted' }) }],
    });
    const conductor = (await import('@ring/video-conductor')).createVideoConductor({
      provider: h.provider,
      imageProvider: blocked,
      ledger: h.ledger,
      storage: h.storage,
      clock: h.time.clock,
      sleep: h.time.sleep,
    });
    const result = await conductor.generate({ prompt: 'x', firstFramePrompt: 'forbidden' });
    expect(result).toMatchObject({ success: false, status: 'moderated', requestId: null, video: null, message: 'prompt blocked' });
    expect(h.provider.submitCount).toBe(0);
    expect(await h.ledger.get(result.recordId)).toMatchObject({ status: 'moderated', error: { code: 'MODERATED', step: 'first-frame' } });
  });
});

describe('generate: edit', () => {
  it('turns sourceVideoUrl into an edit, sends no duration or aspect ratio, and warns about the ignored ones', async () => {
    const h = createHarness();
    const result = await h.conductor.generate({ prompt: 'Make it winter', sourceVideoUrl: 'https://videos.test/summer.mp4', durationSec: 4 });
    expect(h.provider.calls[0]!.input).toEqual({
      operation: 'edit',
      model: 'grok-imagine-video',
      prompt: 'Make it winter',
      sourceVideoUrl: 'https://videos.test/summer.mp4',
    });
    expect(result).toMatchObject({ success: true, operation: 'edit' });
    expect(result.warnings).toEqual([{ type: 'unsupported', field: 'durationSec', detail: 'edit: the length follows the source video' }]);
    expect(await h.ledger.get(result.recordId)).toMatchObject({ operation: 'edit', sourceVideoUrl: 'https://videos.test/summer.mp4' });
  });

  it('remaster: true selects the 720p production preset', async () => {
    const h = createHarness();
    const result = await h.conductor.generate({ prompt: 'Remaster', sourceVideoUrl: 'https://videos.test/a.mp4', remaster: true });
    expect(result).toMatchObject({ qualityMode: 'production', resolution: '720p', upgrades: [{ from: 'draft', to: 'production', reason: 'remaster' }] });
  });
});

describe('generate: terminal outcomes', () => {
  it('moderation is success: false with the record id, never an exception', async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [scriptedPending(20), { state: 'moderated', message: 'output blocked' }] }] } });
    const result = await h.conductor.generate({ prompt: 'Something' });
    expect(result).toMatchObject({ success: false, status: 'moderated', requestId: 'job-1', message: 'output blocked', video: null });
    expect(await h.ledger.get(result.recordId)).toMatchObject({ status: 'moderated', requestId: 'job-1', error: { code: 'MODERATED' } });
    expect(h.storage.keys()).toEqual([]);
  });

  it('expired throws GenerationExpiredError and the row says expired with its request id', async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [{ state: 'expired' }] }] } });
    const error = await rejectionOf(h.conductor.generate({ prompt: 'Something' }));
    expect(GenerationExpiredError.isInstance(error)).toBe(true);
    const { recordId, requestId } = error as GenerationExpiredError;
    expect(requestId).toBe('job-1');
    expect(await h.ledger.get(recordId)).toMatchObject({ status: 'expired', requestId: 'job-1', error: { code: 'GENERATION_EXPIRED', step: 'poll' } });
  });

  it('failed throws ProviderError GENERATION_FAILED and the row keeps the request id', async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [scriptedFailed('generation_failed', { message: 'GPU fell over' })] }] } });
    const error = await rejectionOf(h.conductor.generate({ prompt: 'Something' }, { onEvent: h.onEvent }));
    expect(ProviderError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'GENERATION_FAILED', requestId: 'job-1', isRetryable: false });
    expect(await h.ledger.get((error as ProviderError).recordId!)).toMatchObject({ status: 'failed', requestId: 'job-1', error: { code: 'GENERATION_FAILED' } });
    expect(h.events.at(-1)).toMatchObject({ type: 'failed' });
  });

  it('a failed submit leaves a failed row without request id and throws the typed error', async () => {
    const h = createHarness({ provider: { jobs: [{ submitError: new RateLimitError('POST /videos failed with 429', { provider: 'scripted', retryAfterMs: 1000 }) }] } });
    const error = await rejectionOf(h.conductor.generate({ prompt: 'Something' }));
    expect(RateLimitError.isInstance(error)).toBe(true);
    const rows = (await h.ledger.list({})).records;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'failed', requestId: null, error: { code: 'RATE_LIMITED', step: 'submit', retryable: true } });
  });
});

describe('generate: retries, timeouts, aborts and resume', () => {
  it('a status 429 waits Retry-After and then succeeds', async () => {
    const h = createHarness({
      provider: {
        jobs: [{ steps: [{ error: new RateLimitError('GET /videos/job-1 failed with 429', { provider: 'scripted', retryAfterMs: 7000 }) }, scriptedDone()] }],
      },
    });
    const result = await h.conductor.generate({ prompt: 'x' });
    expect(result.success).toBe(true);
    expect(h.time.sleeps).toEqual([5000, 7000]);
    expect(h.provider.submitCount).toBe(1);
  });

  it('a non-retryable status error fails the row with the request id', async () => {
    const h = createHarness({
      provider: { jobs: [{ steps: [{ error: new ProviderError('GET /videos/job-1 failed with 404', { provider: 'scripted', status: 404, code: 'JOB_NOT_FOUND' }) }] }] },
    });
    const error = await rejectionOf(h.conductor.generate({ prompt: 'x' }));
    expect(error).toMatchObject({ code: 'JOB_NOT_FOUND' });
    expect((await h.ledger.list({})).records[0]).toMatchObject({ status: 'failed', requestId: 'job-1', error: { code: 'JOB_NOT_FOUND', step: 'poll' } });
  });

  it('times out with the record and request id, then resume finishes without a second submit', async () => {
    const steps = [...Array.from({ length: 10 }, (_, index) => scriptedPending(index * 10)), scriptedDone()];
    const h = createHarness({ provider: { jobs: [{ steps }] } });
    const error = await rejectionOf(h.conductor.generate({ prompt: 'slow' }, { timeoutMs: 20_000 }));
    expect(GenerationTimeoutError.isInstance(error)).toBe(true);
    const timeout = error as GenerationTimeoutError;
    expect(timeout).toMatchObject({ requestId: 'job-1', timeoutMs: 20_000, isRetryable: true });
    expect(await h.ledger.get(timeout.recordId)).toMatchObject({ status: 'timed_out', requestId: 'job-1', error: { code: 'GENERATION_TIMEOUT' } });
    // The deadline is respected: no wait runs past it.
    expect(h.time.sleeps.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(20_000);

    const result = await h.conductor.resume(timeout.recordId);
    expect(result).toMatchObject({ success: true, status: 'succeeded', recordId: timeout.recordId });
    expect(h.provider.submitCount).toBe(1);
  });

  it('a job the provider reports cancelled (cancelled elsewhere) ends the row cancelled with the billed cost; resume reports it, pays nothing', async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [scriptedPending(30), { state: 'cancelled', message: 'stopped in the console', usage: { costUsd: 0.1 } }] }] } });
    const error = await rejectionOf(h.conductor.generate({ prompt: 'x' }));
    expect(error).toMatchObject({ code: 'CANCELLED', isRetryable: false, requestId: 'job-1', message: expect.stringContaining('stopped in the console') });
    const row = (await h.ledger.list({})).records[0]!;
    expect(row).toMatchObject({ status: 'cancelled', actualCostUsd: 0.1, error: { code: 'CANCELLED', providerCancelled: true, step: 'poll' } });
    expect(h.storage.keys()).toEqual([]);
    expect(await rejectionOf(h.conductor.resume(row.id))).toMatchObject({ code: 'CANCELLED' });
    expect(h.provider.submitCount).toBe(1);
  });

  it('a timeout carries the provider\'s last wait hint as retryAfterMs (undefined when it gave none)', async () => {
    const hinted = createHarness({ provider: { jobs: [{ steps: [{ state: 'pending', progress: 10, retryAfterMs: 45_000 }, scriptedDone()] }] } });
    const withHint = await rejectionOf(hinted.conductor.generate({ prompt: 'x' }, { timeoutMs: 1 }));
    expect(withHint).toMatchObject({ code: 'GENERATION_TIMEOUT', retryAfterMs: 45_000 });
    const plain = createHarness({ provider: { jobs: [{ steps: [scriptedPending(10), scriptedDone()] }] } });
    const withoutHint = await rejectionOf(plain.conductor.generate({ prompt: 'x' }, { timeoutMs: 1 }));
    expect(GenerationTimeoutError.isInstance(withoutHint)).toBe(true);
    expect((withoutHint as GenerationTimeoutError).retryAfterMs).toBeUndefined();
  });

  it('abort while polling rejects with the abort reason, leaves the row resumable, and resume completes', async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [scriptedPending(10), scriptedPending(50), scriptedDone()] }] } });
    const controller = new AbortController();
    const reason = new Error('user went away');
    const error = await rejectionOf(
      h.conductor.generate({ prompt: 'x' }, { signal: controller.signal, onEvent: (event) => event.type === 'progress' && controller.abort(reason) }),
    );
    expect(error).toBe(reason);
    const polls = h.provider.calls.filter((call) => call.method === 'getStatus').length;
    expect(polls).toBe(1);
    const [row] = (await h.ledger.list({})).records;
    expect(row).toMatchObject({ status: 'generating', requestId: 'job-1' });

    const result = await h.conductor.resume(row!.id);
    expect(result.success).toBe(true);
    expect(h.provider.submitCount).toBe(1);
  });

  it('an already-aborted signal spends nothing and writes no row', async () => {
    const h = createHarness();
    const controller = new AbortController();
    controller.abort();
    await rejectionOf(h.conductor.generate({ prompt: 'x' }, { signal: controller.signal }));
    expect(h.provider.calls).toEqual([]);
    expect((await h.ledger.list({})).records).toEqual([]);
  });

  it('abort during the first frame ends the row as cancelled without a submit', async () => {
    const h = createHarness();
    const controller = new AbortController();
    const slowImage = {
      specificationVersion: 'v1' as const,
      id: 'slow',
      generateImage: (_input: unknown, options?: { signal?: AbortSignal }) =>
        new Promise<never>((_resolve, reject) => {
          options?.signal?.addEventListener('abort', () => reject(options.signal!.reason));
          queueMicrotask(() => controller.abort());
        }),
    };
    const { createVideoConductor } = await import('@ring/video-conductor');
    const conductor = createVideoConductor({ provider: h.provider, imageProvider: slowImage, ledger: h.ledger, clock: h.time.clock, sleep: h.time.sleep });
    await rejectionOf(conductor.generate({ prompt: 'x', firstFramePrompt: 'frame' }, { signal: controller.signal }));
    expect(h.provider.submitCount).toBe(0);
    expect((await h.ledger.list({})).records[0]).toMatchObject({ status: 'cancelled', error: { code: 'ABORTED' } });
  });

  it('submit() returns once accepted; resume() finishes the job', async () => {
    const h = createHarness();
    const submitted = await h.conductor.submit({ prompt: 'x', durationSec: 3 });
    expect(submitted).toMatchObject({ requestId: 'job-1', plan: { durationSec: 3 } });
    expect(await h.ledger.get(submitted.recordId)).toMatchObject({ status: 'submitted', requestId: 'job-1' });
    expect(h.provider.calls.filter((call) => call.method === 'getStatus')).toHaveLength(0);
    const result = await h.conductor.resume(submitted.recordId);
    expect(result).toMatchObject({ success: true, recordId: submitted.recordId });
    expect(await h.conductor.get(submitted.recordId)).toMatchObject({ status: 'succeeded' });
  });

  it('resume of an unknown record is a RECORD_NOT_FOUND LedgerError', async () => {
    const h = createHarness();
    expect(await rejectionOf(h.conductor.resume('00000000-0000-4000-8000-999999999999'))).toMatchObject({ name: 'LedgerError', code: 'RECORD_NOT_FOUND' });
  });

  it('a pending row left by a crashed process is closed as SUBMIT_OUTCOME_UNKNOWN, never submitted again', async () => {
    const h = createHarness();
    const { sampleVideoRecord } = await import('@ring/video-conductor/contract');
    const orphan = await h.ledger.insert({ ...sampleVideoRecord(), status: 'pending', requestId: null, provider: 'scripted' });
    const fresh = await rejectionOf(h.conductor.resume(orphan.id));
    expect(fresh).toMatchObject({ code: 'JOB_IN_PROGRESS', isRetryable: true });
    h.time.advance(61_000);
    const stale = await rejectionOf(h.conductor.resume(orphan.id));
    expect(stale).toMatchObject({ code: 'SUBMIT_OUTCOME_UNKNOWN' });
    expect(await h.ledger.get(orphan.id)).toMatchObject({ status: 'failed', error: { code: 'SUBMIT_OUTCOME_UNKNOWN' } });
    expect(h.provider.submitCount).toBe(0);
  });
});

describe('generate: idempotency', () => {
  it('a second call with the same key returns the finished job without submitting again', async () => {
    const h = createHarness();
    const first = await h.conductor.generate({ prompt: 'x', idempotencyKey: 'clip-1' });
    const second = await h.conductor.generate({ prompt: 'x', idempotencyKey: 'clip-1' });
    expect(second).toEqual(first);
    expect(h.provider.submitCount).toBe(1);
    expect((await h.ledger.list({})).records).toHaveLength(1);
  });

  it('two concurrent calls with the same key submit once and both get the result', async () => {
    const h = createHarness();
    const [a, b] = await Promise.all([
      h.conductor.generate({ prompt: 'x', idempotencyKey: 'clip-2' }),
      h.conductor.generate({ prompt: 'x', idempotencyKey: 'clip-2' }),
    ]);
    expect(a.recordId).toBe(b.recordId);
    expect(b.success).toBe(true);
    expect(h.provider.submitCount).toBe(1);
  });

  it('a second call for a job that timed out resumes it', async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [scriptedPending(1), scriptedPending(2), scriptedPending(3), scriptedDone()] }] } });
    await rejectionOf(h.conductor.generate({ prompt: 'x', idempotencyKey: 'clip-3' }, { timeoutMs: 5000 }));
    const result = await h.conductor.generate({ prompt: 'x', idempotencyKey: 'clip-3' });
    expect(result.success).toBe(true);
    expect(h.provider.submitCount).toBe(1);
  });

  it('a second call for a failed job rethrows its error without submitting', async () => {
    const h = createHarness({ provider: { jobs: [{ steps: [scriptedFailed()] }] } });
    await rejectionOf(h.conductor.generate({ prompt: 'x', idempotencyKey: 'clip-4' }));
    const again = await rejectionOf(h.conductor.generate({ prompt: 'x', idempotencyKey: 'clip-4' }));
    expect(again).toMatchObject({ code: 'GENERATION_FAILED' });
    expect(VideoConductorError.isInstance(again)).toBe(true);
    expect(h.provider.submitCount).toBe(1);
  });
});

describe('generate: persistence', () => {
  it('retries a download that failed with 500 and stores the video', async () => {
    const h = createHarness();
    h.provider.failDownloads = 1;
    const result = await h.conductor.generate({ prompt: 'x' });
    expect(result).toMatchObject({ success: true, status: 'succeeded', video: { persisted: true } });
    expect(h.provider.downloads).toHaveLength(2);
  });

  it('keeps the temporary URL and says persist_failed when storage is down; resume stores it later', async () => {
    const h = createHarness();
    let down = true;
    const flaky = Object.create(h.storage) as typeof h.storage;
    flaky.put = async (...args) => {
      if (down) {
        await (args[1] as ReadableStream).cancel?.();
        throw new (await import('@ring/video-conductor')).StorageError('PUT videos/x.mp4 failed with 503', { storage: 'memory', isRetryable: false });
      }
      return h.storage.put(...args);
    };
    const { createVideoConductor } = await import('@ring/video-conductor');
    const conductor = createVideoConductor({ provider: h.provider, storage: flaky, ledger: h.ledger, fetch: h.provider.fetch, urlPolicy: h.provider.urlPolicy, clock: h.time.clock, sleep: h.time.sleep });
    const result = await conductor.generate({ prompt: 'x' });
    // Not a success: a caller checking only `success` cannot take it for a stored video.
    expect(result).toMatchObject({ success: false, status: 'persist_failed', temporaryUrl: 'https://scripted.video.test/job-1.mp4', requestId: 'job-1', video: null });
    expect(result.success === false && result.message).toContain(`persist("${result.recordId}")`);
    expect(await h.ledger.get(result.recordId)).toMatchObject({ status: 'persist_failed', temporaryUrl: 'https://scripted.video.test/job-1.mp4', error: { code: 'PERSIST_FAILED', step: 'persist' } });

    down = false;
    const stored = await conductor.resume(result.recordId);
    expect(stored).toMatchObject({ success: true, status: 'succeeded', video: { persisted: true }, sha256: sha256(createTestMp4()) });
    expect(h.provider.submitCount).toBe(1);
  });

  it('refuses bytes that are not an MP4 and records INVALID_MEDIA', async () => {
    const h = createHarness({ provider: { videoBytes: new TextEncoder().encode('<html>not a video</html>') } });
    const error = await rejectionOf(h.conductor.generate({ prompt: 'x' }));
    expect(error).toMatchObject({ code: 'INVALID_MEDIA', requestId: 'job-1' });
    expect(h.storage.keys()).toEqual([]);
    expect((await h.ledger.list({})).records[0]).toMatchObject({ status: 'failed', requestId: 'job-1', error: { code: 'INVALID_MEDIA' } });
  });

  it('a throwing event listener does not break the job', async () => {
    const h = createHarness();
    const result = await h.conductor.generate({ prompt: 'x' }, { onEvent: () => { throw new Error('listener bug'); } });
    expect(result.success).toBe(true);
  });
});

import { GenerationExpiredError } from '../errors/generation-expired-error.js';
import { GenerationTimeoutError } from '../errors/generation-timeout-error.js';
import { LedgerError } from '../errors/ledger-error.js';
import { ProviderError } from '../errors/provider-error.js';
import { StorageError } from '../errors/storage-error.js';
import { VideoConductorError } from '../errors/video-conductor-error.js';
import type { ProviderVideoStatus } from '../ports/video-provider.js';
import type { VideoRecord, VideoRecordPatch, VideoStatus } from '../ports/video-record.js';
import type { StoredObject } from '../ports/storage.js';
import type { Warning } from '../ports/warning.js';
import { retryWithBackoff } from '../retry/retry-with-backoff.js';
import { digestReadable, type StreamDigest } from './digest-readable.js';
import type { GenerateVideoResult } from './generate-video-result.js';
import { type CallContext, type ConductorDependencies, isAbortOf } from './job-context.js';
import { type ConductorNotesPatch, costDriftWarning, errorFromRecord, readNotes, resultFromRecord, toRecordError, withNotes, withWarnings } from './record-outcome.js';

/**
 * Raised inside the runner when another worker moved the row on; the runner re-reads it.
 * A typed `LedgerError` (`STATUS_CONFLICT`) wherever it reaches a caller.
 */
class RowMovedOn extends LedgerError {
  constructor(ledger: string, recordId: string, cause: unknown) {
    super(`Video record ${recordId} was moved on by another worker meanwhile`, { ledger, recordId, code: 'STATUS_CONFLICT', cause });
  }
}

type DoneStatus = Extract<ProviderVideoStatus, { state: 'done' }>;

/**
 * Carries a job from any ledger state to its end: polls, persists and records the outcome.
 * Stateless apart from its dependencies: everything it knows comes from the row.
 */
export class JobRunner {
  constructor(private readonly deps: ConductorDependencies) {}

  /** Continues a job from the state its row is in. */
  async continueFrom(record: VideoRecord, call: CallContext, options: { pollImmediately: boolean }): Promise<GenerateVideoResult> {
    let current = record;
    let pollImmediately = options.pollImmediately;
    // A conflict means another worker moved the row on; re-read it and continue from there.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.step(current, call, pollImmediately);
      } catch (error) {
        if (!(error instanceof RowMovedOn) || attempt >= 3) throw error;
        const fresh = await this.deps.ledger.get(current.id);
        if (fresh === null) throw new LedgerError(`Video record ${current.id} disappeared`, { ledger: this.deps.ledger.id, recordId: current.id, code: 'RECORD_NOT_FOUND' });
        current = fresh;
        pollImmediately = true;
      }
    }
  }

  private async step(record: VideoRecord, call: CallContext, pollImmediately: boolean): Promise<GenerateVideoResult> {
    switch (record.status) {
      case 'succeeded':
      case 'moderated':
        return resultFromRecord(record);
      case 'failed':
      case 'expired':
      case 'cancelled':
        throw errorFromRecord(record);
      case 'pending':
        return this.resolvePending(record);
      case 'timed_out':
        return this.poll(await this.transition(record, { status: 'generating', error: null }, ['timed_out']), call, true);
      case 'submitted':
      case 'generating':
        return this.poll(record, call, pollImmediately);
      case 'persisting':
      case 'persist_failed':
        return this.store(record, call);
    }
  }

  /**
   * A `pending` row without a live owner: the process that wrote it died between the
   * ledger insert and the provider's answer. Whether the provider started (and bills) a
   * job is unknowable, so the row is closed as failed rather than submitted again.
   */
  async resolvePending(record: VideoRecord, options: { stale?: boolean } = {}): Promise<never> {
    const ageMs = this.deps.clock.now() - Date.parse(record.updatedAt);
    if (options.stale !== true && ageMs < this.deps.pendingGraceMs) {
      throw new VideoConductorError(
        `Video job ${record.id} is being submitted by another caller; try again in ${Math.ceil((this.deps.pendingGraceMs - ageMs) / 1000)} s`,
        { code: 'JOB_IN_PROGRESS', isRetryable: true },
      );
    }
    const error = new ProviderError(
      `Video job ${record.id} was interrupted while it was being submitted; whether the provider started it is unknown, so it is not submitted again`,
      { provider: record.provider, code: 'SUBMIT_OUTCOME_UNKNOWN', recordId: record.id },
    );
    await this.transition(record, { status: 'failed', error: toRecordError(error, 'submit') }, ['pending']);
    throw error;
  }

  /** Polls until the job ends or the deadline passes. */
  async poll(record: VideoRecord, call: CallContext, pollImmediately: boolean): Promise<GenerateVideoResult> {
    const { provider, clock } = this.deps;
    const requestId = record.requestId;
    if (requestId === null) throw new Error(`record ${record.id} has no request id`);
    const startedAt = clock.now();
    const deadline = startedAt + call.timeoutMs;
    let current = record;
    let waitMs = pollImmediately ? 0 : this.jittered(this.deps.intervalMs);

    for (;;) {
      if (waitMs > 0) await this.deps.sleep(Math.min(waitMs, Math.max(deadline - clock.now(), 0)), call.signal);
      call.signal?.throwIfAborted();
      let status: ProviderVideoStatus;
      try {
        status = await provider.getStatus(requestId, { signal: call.signal });
      } catch (error) {
        if (isAbortOf(error, call.signal)) throw error;
        if (!VideoConductorError.isInstance(error) || !error.isRetryable) {
          return this.fail(current, error, 'poll', call);
        }
        waitMs = this.atLeastFloor(retryAfterOf(error) ?? this.jittered(this.deps.intervalMs));
        if (clock.now() >= deadline) return this.timeOut(current, call);
        continue;
      }

      switch (status.state) {
        case 'done':
          return this.finishGeneration(current, status, call);
        case 'moderated': {
          const actualCostUsd = this.actualCost(current, status.usage?.costUsd);
          const notes = this.notesWith(current, [], actualCostUsd);
          const moderated = await this.transition(
            current,
            {
              status: 'moderated',
              actualCostUsd,
              error: { code: 'MODERATED', message: status.message ?? 'The provider’s moderation blocked this video.', retryable: false, step: 'poll' },
              ...notes,
            },
            ['submitted', 'generating'],
          );
          return this.complete(moderated, call);
        }
        case 'expired':
          return this.fail(
            current,
            new GenerationExpiredError(`Video job ${requestId} expired at ${provider.id} before it produced a video`, {
              provider: provider.id,
              requestId,
              recordId: current.id,
            }),
            'poll',
            call,
            'expired',
          );
        case 'failed':
          return this.fail(
            current,
            new ProviderError(`Video job ${requestId} failed at ${provider.id}: ${status.message}`, {
              provider: provider.id,
              code: 'GENERATION_FAILED',
              requestId,
              recordId: current.id,
              isRetryable: status.retryable,
              cause: { code: status.code, message: status.message },
            }),
            'poll',
            call,
          );
        case 'pending': {
          const notes = this.notesWith(current, status.warnings ?? [], null);
          if (current.status === 'submitted') {
            current = await this.transition(current, { status: 'generating', ...notes }, ['submitted']);
          } else if (notes !== undefined) {
            current = await this.transition(current, notes, [current.status]);
          }
          call.emit({ type: 'progress', recordId: current.id, requestId, status: current.status, progress: status.progress, elapsedMs: clock.now() - startedAt });
          if (clock.now() >= deadline) return this.timeOut(current, call);
          waitMs = this.atLeastFloor(status.retryAfterMs ?? this.jittered(this.deps.intervalMs));
          break;
        }
      }
    }
  }

  private async finishGeneration(record: VideoRecord, status: DoneStatus, call: CallContext): Promise<GenerateVideoResult> {
    const actualCostUsd = this.actualCost(record, status.usage?.costUsd);
    const notes = this.notesWith(record, status.warnings ?? [], actualCostUsd);
    const persisting = await this.transition(
      record,
      {
        status: 'persisting',
        temporaryUrl: status.video.url,
        actualCostUsd,
        outputDurationSec: status.video.durationSec ?? null,
        ...notes,
      },
      ['submitted', 'generating'],
    );
    return this.store(persisting, call);
  }

  /** Copies the finished video into storage (or records the temporary URL when there is none). */
  async store(record: VideoRecord, call: CallContext): Promise<GenerateVideoResult> {
    const { storage } = this.deps;
    const temporaryUrl = record.temporaryUrl;
    if (temporaryUrl === null) {
      // A row that reached persisting always has the URL; without it, ask the provider again.
      return this.poll(await this.transition(record, { status: 'generating' }, [record.status]), call, true);
    }
    call.emit({ type: 'persisting', recordId: record.id, temporaryUrl });
    if (storage === undefined) {
      return this.complete(await this.transition(record, { status: 'succeeded', url: temporaryUrl, error: null }, ['persisting', 'persist_failed']), call);
    }
    const key = `${this.deps.keyPrefix}${record.id}.mp4`;
    let stored: { object: StoredObject; digest: StreamDigest };
    try {
      stored = await retryWithBackoff(() => this.downloadAndPut(record, temporaryUrl, key, call), {
        maxRetries: this.deps.persistRetries,
        shouldRetry: (error) => VideoConductorError.isInstance(error) && error.isRetryable,
        retryAfterMs: retryAfterOf,
        sleep: this.deps.sleep,
        random: this.deps.random,
        signal: call.signal,
      });
    } catch (error) {
      if (isAbortOf(error, call.signal)) throw error;
      // Retrying cannot help these: the row ends failed, still holding the paid temporary URL.
      if (VideoConductorError.isInstance(error) && finalPersistCodes.has(error.code)) {
        return this.fail(record, error, 'persist', call);
      }
      // The video is paid for: keep the temporary URL and let resume() store it later.
      const failed = await this.transition(record, { status: 'persist_failed', error: { ...toRecordError(error, 'persist'), code: 'PERSIST_FAILED' } }, ['persisting', 'persist_failed']);
      return this.complete(failed, call);
    }
    const { object, digest } = stored;
    call.emit({ type: 'persisted', recordId: record.id, storageKey: object.key, url: object.url, sha256: digest.sha256, sizeBytes: digest.sizeBytes });
    const succeeded = await this.transition(
      record,
      { status: 'succeeded', storageKey: object.key, url: object.url, sha256: digest.sha256, sizeBytes: digest.sizeBytes, error: null },
      ['persisting', 'persist_failed'],
    );
    return this.complete(await this.addThumbnail(succeeded, call), call);
  }

  /**
   * Renders and stores the thumbnail the request asked for. Never fails the job: a renderer
   * that declines or breaks leaves a warning in the row instead.
   */
  private async addThumbnail(record: VideoRecord, call: CallContext): Promise<VideoRecord> {
    const { thumbnailRenderer, storage } = this.deps;
    const notes = readNotes(record);
    if (notes.thumbnail === undefined || thumbnailRenderer === undefined || storage === undefined || record.url === null) return record;
    let warning: Warning;
    try {
      const rendered = await thumbnailRenderer.render(
        {
          spec: notes.thumbnail,
          videoUrl: record.url,
          ...(record.imageUrl === null ? {} : { firstFrameUrl: record.imageUrl }),
          ...(record.aspectRatio === null ? {} : { aspectRatio: record.aspectRatio }),
        },
        { signal: call.signal },
      );
      if ('skipped' in rendered) {
        warning = rendered.skipped;
      } else {
        const extension = rendered.contentType.split('/')[1]?.replace('jpeg', 'jpg') ?? 'img';
        const stored = await storage.put(`${this.deps.keyPrefix}${record.id}.thumbnail.${extension}`, rendered.data, { contentType: rendered.contentType }, { signal: call.signal });
        return await this.deps.ledger.update(record.id, {
          thumbnail: { storageKey: stored.key, url: stored.url, contentType: rendered.contentType, width: rendered.width, height: rendered.height },
        });
      }
    } catch (error) {
      if (isAbortOf(error, call.signal)) throw error;
      warning = { type: 'other', message: `The thumbnail could not be made: ${(error as Error)?.message ?? String(error)}` };
    }
    return this.deps.ledger.update(record.id, withNotes(record, { ...notes, warnings: [...notes.warnings, warning] }));
  }

  private async downloadAndPut(
    record: VideoRecord,
    url: string,
    key: string,
    call: CallContext,
  ): Promise<{ object: StoredObject; digest: StreamDigest }> {
    const { provider } = this.deps;
    const target = describeUrl(url);
    const facts = { provider: provider.id, requestId: record.requestId ?? undefined, recordId: record.id };
    // A download that stops sending (no headers, or no bytes) for downloadStallTimeoutMs is
    // broken off and retried, instead of holding the job for the transport's own timeouts.
    const stall = new AbortController();
    const stalled = () =>
      stall.abort(
        new ProviderError(`GET ${target} stalled: no data for ${this.deps.downloadStallTimeoutMs} ms`, {
          ...facts, code: 'DOWNLOAD_STALLED', isRetryable: true,
        }),
      );
    let timer = setTimeout(stalled, this.deps.downloadStallTimeoutMs);
    const rearm = () => {
      clearTimeout(timer);
      timer = setTimeout(stalled, this.deps.downloadStallTimeoutMs);
    };
    // The stall timer restarts on every chunk, so a trickle (1 byte/s) would never trip it:
    // the whole download also has a deadline. Not retried here; the row keeps the URL for resume().
    const deadline = setTimeout(
      () =>
        stall.abort(
          new ProviderError(`GET ${target} did not finish within ${this.deps.downloadTimeoutMs} ms`, {
            ...facts, code: 'DOWNLOAD_TIMEOUT', isRetryable: false,
          }),
        ),
      this.deps.downloadTimeoutMs,
    );
    const signal = call.signal === undefined ? stall.signal : AbortSignal.any([call.signal, stall.signal]);
    try {
      return await this.fetchAndPut(record, url, target, key, call, signal, rearm);
    } catch (error) {
      // The transport reports our own abort in its own words; the reason is the typed error.
      const reason: unknown = stall.signal.reason;
      if (VideoConductorError.isInstance(reason) && reason.code === 'DOWNLOAD_TIMEOUT' && !isAbortOf(error, call.signal)) throw reason;
      throw error;
    } finally {
      clearTimeout(timer);
      clearTimeout(deadline);
    }
  }

  private async fetchAndPut(
    record: VideoRecord,
    url: string,
    target: string,
    key: string,
    call: CallContext,
    signal: AbortSignal,
    onData: () => void,
  ): Promise<{ object: StoredObject; digest: StreamDigest }> {
    const { provider, storage } = this.deps;
    const facts = { provider: provider.id, requestId: record.requestId ?? undefined, recordId: record.id };
    let response: Response;
    try {
      response = await this.deps.fetch(url, { signal });
      onData();
    } catch (error) {
      if (isAbortOf(error, call.signal)) throw error;
      if (VideoConductorError.isInstance(error)) throw error;
      throw new ProviderError(`GET ${target} failed: ${(error as Error).message}`, {
        ...facts, code: 'DOWNLOAD_FAILED', isRetryable: true, cause: error,
      });
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel().catch(() => {});
      // A temporary URL that answers "gone" will not come back: the paid video is lost, and the row must say so.
      const expired = response.status === 403 || response.status === 404 || response.status === 410;
      throw new ProviderError(
        expired
          ? `GET ${target} failed with ${response.status}: the temporary URL has expired, the video can no longer be downloaded`
          : `GET ${target} failed with ${response.status}`,
        {
          ...facts,
          code: expired ? 'TEMPORARY_URL_EXPIRED' : 'DOWNLOAD_FAILED',
          status: response.status,
          isRetryable: expired ? false : undefined,
        },
      );
    }
    const { maxVideoBytes } = this.deps;
    const tooLarge = () =>
      new ProviderError(`GET ${target} returned a video larger than maxVideoBytes (${maxVideoBytes} bytes); nothing was stored`, {
        ...facts, code: 'VIDEO_TOO_LARGE', isRetryable: false,
      });
    // fetch decodes gzip/br bodies, so an encoded response's Content-Length is not the size stored.
    const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
    const lengthHeader = encoded ? Number.NaN : Number(response.headers.get('content-length'));
    if (Number.isFinite(lengthHeader) && lengthHeader > maxVideoBytes) {
      await response.body.cancel().catch(() => {});
      throw tooLarge();
    }
    // The bytes decide, not the Content-Type: whatever the server called it, only an MP4 is stored, as video/mp4.
    const body = digestReadable(response.body, { maxBytes: maxVideoBytes, onData });
    try {
      const object = await storage!.put(
        key,
        body.stream,
        {
          contentType: 'video/mp4',
          contentLength: Number.isFinite(lengthHeader) && lengthHeader > 0 ? lengthHeader : undefined,
          metadata: { recordId: record.id, ...(record.requestId === null ? {} : { requestId: record.requestId }) },
        },
        { signal: call.signal },
      );
      return { object, digest: body.digest() };
    } catch (error) {
      if (isAbortOf(error, call.signal)) throw error;
      if (body.refused() === 'not-mp4') {
        throw new ProviderError(`GET ${target} returned a file that is not an MP4; nothing was stored`, {
          ...facts, code: 'INVALID_MEDIA', isRetryable: false,
        });
      }
      if (body.refused() === 'too-large') throw tooLarge();
      if (body.sourceError() !== undefined) {
        throw new ProviderError(`GET ${target} broke off while downloading`, {
          ...facts, code: 'DOWNLOAD_FAILED', isRetryable: true, cause: body.sourceError(),
        });
      }
      if (VideoConductorError.isInstance(error)) throw error;
      throw new StorageError(`Storing ${key} failed: ${(error as Error)?.message ?? String(error)}`, { storage: storage!.id, key, cause: error });
    }
  }

  private async timeOut(record: VideoRecord, call: CallContext): Promise<never> {
    const error = new GenerationTimeoutError(
      `Video job ${record.requestId} did not finish within ${call.timeoutMs} ms; resume("${record.id}") continues it without paying again`,
      { recordId: record.id, requestId: record.requestId ?? '', timeoutMs: call.timeoutMs },
    );
    await this.transition(record, { status: 'timed_out', error: toRecordError(error, 'poll') }, [record.status]);
    call.emit({ type: 'failed', recordId: record.id, error });
    throw error;
  }

  /** Records a failure on the row (keeping the request id) and throws it. */
  async fail(record: VideoRecord, error: unknown, step: string, call: CallContext, status: VideoStatus = 'failed'): Promise<never> {
    await this.transition(record, { status, error: toRecordError(error, step) }, [record.status]);
    if (VideoConductorError.isInstance(error)) call.emit({ type: 'failed', recordId: record.id, error });
    throw error;
  }

  private complete(record: VideoRecord, call: CallContext): GenerateVideoResult {
    const result = resultFromRecord(record);
    call.emit({ type: 'completed', recordId: record.id, result });
    return result;
  }

  /** Updates the row if it is still in one of `expect`; a lost race becomes {@link RowMovedOn}. */
  async transition(
    record: VideoRecord,
    patch: VideoRecordPatch,
    expect: readonly VideoStatus[],
    options: { maxRetries?: number } = {},
  ): Promise<VideoRecord> {
    let retried = false;
    try {
      return await retryWithBackoff(() => this.deps.ledger.update(record.id, patch, { expectStatus: expect }), {
        maxRetries: options.maxRetries ?? 2,
        shouldRetry: (error) => VideoConductorError.isInstance(error) && error.isRetryable,
        onRetry: () => {
          retried = true;
        },
        sleep: this.deps.sleep,
        random: this.deps.random,
      });
    } catch (error) {
      if (LedgerError.isInstance(error) && error.code === 'STATUS_CONFLICT') {
        // A retry that conflicts may be meeting our own write: it landed, only its answer was lost.
        if (retried && patch.status !== undefined) {
          const fresh = await this.deps.ledger.get(record.id);
          if (fresh !== null && fresh.status === patch.status && (patch.requestId === undefined || fresh.requestId === patch.requestId)) return fresh;
        }
        throw new RowMovedOn(this.deps.ledger.id, record.id, error);
      }
      throw error;
    }
  }

  /**
   * The notes patch with the provider's warnings and, when the billed cost strays from the
   * estimate, a `cost_drift` warning added (each once); `undefined` when nothing is new.
   */
  private notesWith(record: VideoRecord, warnings: readonly Warning[], actualCostUsd: number | null): ConductorNotesPatch | undefined {
    const drift = costDriftWarning(record.estimatedCostUsd, actualCostUsd);
    return withWarnings(record, drift === undefined ? warnings : [...warnings, drift]);
  }

  /** What the job cost in USD: the provider's figure plus the first frame; `null` when the provider reported nothing. */
  actualCost(record: VideoRecord, videoCostUsd: number | undefined): number | null {
    if (videoCostUsd === undefined) return null;
    return Math.round((videoCostUsd + (record.firstFrame?.costUsd ?? 0)) * 1e6) / 1e6;
  }

  /**
   * A provider hint of 0 ms (`Retry-After: 0`) must not turn polling into a hot loop: waits
   * never go below 1 s (or the configured interval, when that is shorter).
   */
  private atLeastFloor(ms: number): number {
    return Math.max(ms, Math.min(1000, this.deps.intervalMs));
  }

  private jittered(ms: number): number {
    return Math.max(0, Math.round(ms * (1 + this.deps.jitter * (2 * this.deps.random() - 1))));
  }
}

/** Persist failures that retrying cannot fix: the row ends `failed` (still holding the temporary URL). */
const finalPersistCodes: ReadonlySet<string> = new Set(['INVALID_MEDIA', 'TEMPORARY_URL_EXPIRED', 'VIDEO_TOO_LARGE']);

function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' ? value : undefined;
}

/** Origin and path of a URL, without the query string that often holds a signature. */
function describeUrl(url: string): string {
  // A data: URL's "path" is the payload itself (a whole video, possibly).
  if (url.startsWith('data:')) return 'a data: URL';
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return 'the video URL';
  }
}

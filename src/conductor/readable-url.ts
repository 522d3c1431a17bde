import type { Storage } from '../ports/storage.js';
import type { VideoRecord } from '../ports/video-record.js';
import type { GenerateVideoResult } from './generate-video-result.js';

/** A URL to read a stored video from, and until when it works. */
export interface ReadableVideoUrl {
  /** Where the video can be read now. */
  url: string;
  /** When `url` stops working (ISO 8601); `null` when it does not expire (as far as the conductor knows). */
  expiresAt: string | null;
  /** Whether `url` points into your storage (`false`: the provider's temporary URL, no storage configured). */
  persisted: boolean;
}

/** Whether the storage hands out URLs that expire (presigned), so rows keep keys, not URLs. */
export function hasExpiringUrls(storage: Storage | undefined): storage is Storage & { urlExpiresInSec: number } {
  return storage?.urlExpiresInSec !== undefined;
}

/** The expiry of a URL minted now by an expiring storage. */
export function expiryOf(storage: Storage & { urlExpiresInSec: number }, now: number): string {
  return new Date(now + storage.urlExpiresInSec * 1000).toISOString();
}

/**
 * A readable URL for a `succeeded` row: its permanent `url`, or — for a storage whose URLs
 * expire — one minted now from its key. `null` for rows without a stored video.
 */
export async function readableUrlOf(storage: Storage | undefined, record: VideoRecord, now: number): Promise<ReadableVideoUrl | null> {
  if (record.status !== 'succeeded') return null;
  if (record.storageKey !== null && hasExpiringUrls(storage)) {
    return { url: await storage.url(record.storageKey), expiresAt: expiryOf(storage, now), persisted: true };
  }
  if (record.storageKey !== null && record.url !== null) return { url: record.url, expiresAt: null, persisted: true };
  const url = record.url ?? record.temporaryUrl;
  return url === null ? null : { url, expiresAt: null, persisted: false };
}

/** The row with `url` (and the thumbnail's) minted now when the storage's URLs expire; as it is otherwise. */
export async function withReadableRecordUrls(storage: Storage | undefined, record: VideoRecord): Promise<VideoRecord> {
  if (!hasExpiringUrls(storage)) return record;
  const url = record.storageKey === null ? record.url : await storage.url(record.storageKey);
  const thumbnail = record.thumbnail === null ? null : { ...record.thumbnail, url: await storage.url(record.thumbnail.storageKey) };
  return { ...record, url, thumbnail };
}

/** A result whose stored video (and thumbnail) get URLs minted now when the storage's URLs expire. */
export async function withReadableResultUrls(storage: Storage | undefined, result: GenerateVideoResult, now: number): Promise<GenerateVideoResult> {
  if (!result.success || !result.video.persisted || result.video.storageKey === null || !hasExpiringUrls(storage)) return result;
  const thumbnail = result.thumbnail === null ? null : { ...result.thumbnail, url: await storage.url(result.thumbnail.storageKey) };
  return {
    ...result,
    video: { ...result.video, url: await storage.url(result.video.storageKey), urlExpiresAt: expiryOf(storage, now) },
    thumbnail,
  };
}

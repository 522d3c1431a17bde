import type { CallOptions } from './call-options.js';

/** An object as stored. */
export interface StoredObject {
  /** The key it is stored under. */
  key: string;
  /** Where it can be read: a public URL, a presigned URL or a `file://` URL. */
  url: string;
  /** Size in bytes. */
  size: number;
  /** Hex sha256 of the bytes, when the adapter knows it (`undefined` otherwise). */
  sha256?: string;
  /** The backend's entity tag, when it has one. */
  etag?: string;
  /** MIME type as stored, when known. */
  contentType?: string;
}

/** Describes the bytes handed to {@link Storage.put}. */
export interface PutMeta {
  /** MIME type, e.g. `video/mp4`. */
  contentType: string;
  /** Length in bytes when known in advance; `undefined` for a stream of unknown length. */
  contentLength?: number;
  /** Hex sha256 when the caller already computed it; adapters may store it as metadata. */
  sha256?: string;
  /** User metadata stored with the object (string values only). */
  metadata?: Record<string, string>;
}

/**
 * Permanent storage for videos and images (S3, R2, MinIO, the local file system…).
 *
 * `put` is all-or-nothing: when the body stream errors or the call is aborted, no
 * object (and no partial upload) is left under the key. Keys use `/` as separator and
 * never start with `/` or contain `..` segments.
 */
export interface Storage {
  readonly specificationVersion: 'v1';
  /** Stable adapter id, e.g. `s3`, `fs`, `memory`. */
  readonly id: string;
  /**
   * How long the URLs this storage hands out stay valid, in seconds, when they expire
   * (presigned S3 URLs). `undefined`: its URLs are permanent (a public base URL, `file://`).
   * The conductor keeps only permanent URLs in ledger rows; for expiring ones it keeps the key
   * and mints a fresh URL with {@link Storage.url} whenever one is asked for.
   */
  readonly urlExpiresInSec?: number;
  /** Stores the bytes under `key`, replacing any object there. Consumes the stream. */
  put(
    key: string,
    body: ReadableStream<Uint8Array> | Uint8Array,
    meta: PutMeta,
    options?: CallOptions,
  ): Promise<StoredObject>;
  /** The URL an object under `key` is (or would be) read from. */
  url(key: string): Promise<string>;
  /** Describes the object under `key`, or `null` when there is none. */
  head(key: string, options?: CallOptions): Promise<StoredObject | null>;
  /** Removes the object under `key`; succeeds when there is none. */
  delete(key: string, options?: CallOptions): Promise<void>;
}

import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type CompleteMultipartUploadCommandOutput,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import {
  InvalidRequestError,
  StorageError,
  type CallOptions,
  type PutMeta,
  type Storage,
  type StoredObject,
} from '@ring/video-conductor';
import { validateStorageKey } from '@ring/video-conductor/provider-kit';
import { createCountingBody } from './counting-body.js';
import type { S3StorageOptions, S3UrlMode } from './s3-storage-options.js';
import { describeS3Error, isNotFoundError, toS3StorageError } from './to-s3-storage-error.js';

const storageId = 's3';
const mebibyte = 1024 * 1024;
/** S3's smallest part (every part but the last), in bytes. */
const minPartSizeBytes = 5 * mebibyte;
/** S3's largest part, in bytes. */
const maxPartSizeBytes = 5 * 1024 * mebibyte;
/** Longest presigned URL lifetime S3 (SigV4) accepts, in seconds. */
const maxPresignExpiresSec = 7 * 24 * 60 * 60;
/** A user-metadata name: an HTTP header token (it becomes `x-amz-meta-<name>`). */
const metadataName = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

function invalidOption(field: string, message: string, cause?: unknown): InvalidRequestError {
  return new InvalidRequestError(message, { field, cause });
}

function checkInteger(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidOption(field, `${field} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function checkMetadata(field: string, metadata: Record<string, string> | undefined): Record<string, string> {
  if (metadata === undefined) return {};
  if (typeof metadata !== 'object' || metadata === null) throw invalidOption(field, `${field} must be an object of strings`);
  for (const [name, value] of Object.entries(metadata)) {
    if (!metadataName.test(name)) throw invalidOption(field, `${field} name ${JSON.stringify(name)} is not a valid HTTP header name`);
    if (typeof value !== 'string') throw invalidOption(field, `${field}.${name} must be a string`);
  }
  return metadata;
}

/** The absolute URL with a trailing `/`; throws for anything that is not an absolute URL. */
function normalizeBaseUrl(publicBaseUrl: string): string {
  try {
    new URL(publicBaseUrl);
  } catch (error) {
    throw invalidOption('publicBaseUrl', `publicBaseUrl must be an absolute URL, got ${JSON.stringify(publicBaseUrl)}`, error);
  }
  return publicBaseUrl.endsWith('/') ? publicBaseUrl : `${publicBaseUrl}/`;
}

/** Releases a body that will never be read, so its producer (a download…) stops. */
function discardBody(body: ReadableStream<Uint8Array> | Uint8Array, reason: unknown): void {
  if (!(body instanceof Uint8Array) && !body.locked) body.cancel(reason).catch(() => undefined);
}

/** S3 quotes entity tags (`"9b2c…"`); the storage returns them bare. */
function bareEtag(etag: string | undefined): string | undefined {
  return etag?.replace(/^"(.*)"$/, '$1');
}

/**
 * Creates a `Storage` over Amazon S3 or an S3-compatible service (Cloudflare R2,
 * MinIO, Ceph, …) with the AWS SDK v3.
 *
 * Requires the optional peer dependencies `@aws-sdk/client-s3`, `@aws-sdk/lib-storage`
 * and `@aws-sdk/s3-request-presigner` (install all three).
 *
 * - **Streamed multipart upload** (`Upload` of `@aws-sdk/lib-storage`): the body is read
 *   part by part (default 8 MiB parts, 2 in flight), so memory stays near
 *   `partSizeBytes × (queueSize + 1)` whatever the video's size. A body smaller than one
 *   part goes up with a single `PutObject`.
 * - **All or nothing:** when the body errors, its length differs from `meta.contentLength`,
 *   S3 fails or the call is aborted, the multipart upload is aborted (after the parts in
 *   flight finished, so none is left behind) and no object is created; a previous object
 *   under the key stays. An abort that arrives after the whole body was read is too late:
 *   the upload completes and `put` resolves. Add a bucket lifecycle rule
 *   (`AbortIncompleteMultipartUpload`) for uploads a crashed process could not abort.
 * - **Nothing computed twice:** `size` is counted while streaming; `meta.sha256`, when
 *   given, is stored as the `x-amz-meta-sha256` metadata and returned by `put` and `head`.
 * - **Errors:** `InvalidRequestError` (field `key`) for a key `validateStorageKey` rejects;
 *   `StorageError` naming the operation, bucket and key (never credentials), retryable for
 *   5xx, throttling and network failures, not for 4xx such as `AccessDenied` or
 *   `NoSuchBucket`; the signal's reason when aborted. `CallOptions.headers` are ignored.
 *
 * @param options Bucket, client, URL mode and upload tuning.
 * @returns A `Storage` with id `s3`.
 * @throws InvalidRequestError naming the option when an option is invalid (for example
 * `urlMode: 'public'` without `publicBaseUrl`, or `partSizeBytes` under 5 MiB).
 *
 * @example
 * ```ts
 * import { S3Client } from '@aws-sdk/client-s3';
 * import { createS3Storage } from '@ring/video-conductor/s3';
 *
 * // AWS S3 behind a CDN
 * const storage = createS3Storage({
 *   bucket: 'my-videos',
 *   keyPrefix: 'video-conductor/',
 *   publicBaseUrl: 'https://media.example.com/',
 *   cacheControl: 'public, max-age=31536000, immutable',
 * });
 *
 * // MinIO (or R2) with presigned URLs
 * const minio = createS3Storage({
 *   client: new S3Client({ endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, region: 'us-east-1' }),
 *   bucket: 'videos',
 *   urlMode: 'presigned',
 *   presignExpiresSec: 900,
 * });
 * ```
 */
export function createS3Storage(options: S3StorageOptions): Storage {
  if (typeof options?.bucket !== 'string' || options.bucket === '') {
    throw invalidOption('bucket', 'bucket must be a non-empty bucket name');
  }
  if (options.client !== undefined && options.clientConfig !== undefined) {
    throw invalidOption('clientConfig', 'give either client or clientConfig, not both');
  }
  const { bucket } = options;
  const keyPrefix = options.keyPrefix ?? '';
  if (keyPrefix !== '') {
    try {
      validateStorageKey(`${keyPrefix}key`, storageId);
    } catch (error) {
      throw invalidOption(
        'keyPrefix',
        `keyPrefix ${JSON.stringify(keyPrefix)} does not form valid keys: no leading "/", no backslash, no control character, no "." , ".." or empty segments`,
        error,
      );
    }
  }
  const publicBaseUrl = options.publicBaseUrl === undefined ? undefined : normalizeBaseUrl(options.publicBaseUrl);
  const urlMode: S3UrlMode = options.urlMode ?? (publicBaseUrl === undefined ? 'presigned' : 'public');
  if (urlMode !== 'public' && urlMode !== 'presigned') {
    throw invalidOption('urlMode', `urlMode must be 'public' or 'presigned', got ${JSON.stringify(urlMode)}`);
  }
  if (urlMode === 'public' && publicBaseUrl === undefined) {
    throw invalidOption('publicBaseUrl', "publicBaseUrl is required when urlMode is 'public'");
  }
  const presignExpiresSec = checkInteger('presignExpiresSec', options.presignExpiresSec ?? 3600, 1, maxPresignExpiresSec);
  const partSizeBytes = checkInteger('partSizeBytes', options.partSizeBytes ?? 8 * mebibyte, minPartSizeBytes, maxPartSizeBytes);
  const queueSize = checkInteger('queueSize', options.queueSize ?? 2, 1, 64);
  const baseMetadata = checkMetadata('metadata', options.metadata);
  const client = options.client ?? new S3Client(options.clientConfig ?? {});

  function objectKeyOf(key: string): string {
    validateStorageKey(key, storageId);
    return keyPrefix + key;
  }

  async function urlOf(objectKey: string): Promise<string> {
    if (urlMode === 'public') return publicBaseUrl + objectKey.split('/').map(encodeURIComponent).join('/');
    // Signing is local: no request is sent.
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/ShareObjectPreSignedURL.html
    return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: objectKey }), { expiresIn: presignExpiresSec });
  }

  /**
   * Aborts a multipart upload so its parts stop costing storage; returns a sentence for
   * the error message when that failed too.
   * https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html
   */
  async function abortUpload(objectKey: string, uploadId: string | undefined): Promise<string> {
    if (uploadId === undefined) return '';
    try {
      await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: objectKey, UploadId: uploadId }));
      return '';
    } catch (error) {
      if (isNotFoundError(error)) return '';
      return `; aborting multipart upload ${uploadId} failed as well (${describeS3Error(error)}): its parts remain until a lifecycle rule removes them`;
    }
  }

  return {
    specificationVersion: 'v1',
    id: storageId,
    // Presigned URLs expire: the conductor then stores the key, not the URL, and mints one when asked.
    ...(urlMode === 'presigned' ? { urlExpiresInSec: presignExpiresSec } : {}),

    async put(key: string, body: ReadableStream<Uint8Array> | Uint8Array, meta: PutMeta, callOptions: CallOptions = {}) {
      const { signal } = callOptions;
      let objectKey: string;
      let metadata: Record<string, string>;
      try {
        objectKey = objectKeyOf(key);
        metadata = { ...baseMetadata, ...checkMetadata('metadata', meta.metadata) };
        if (meta.sha256 !== undefined) metadata.sha256 = meta.sha256;
        signal?.throwIfAborted();
        if (body instanceof Uint8Array && meta.contentLength !== undefined && meta.contentLength !== body.byteLength) {
          throw new StorageError(
            `S3 put of "${key}" failed: meta.contentLength is ${meta.contentLength} bytes but the body has ${body.byteLength}`,
            { storage: storageId, key, code: 'CONTENT_LENGTH_MISMATCH' },
          );
        }
      } catch (error) {
        discardBody(body, error);
        throw error;
      }

      const counting = createCountingBody(body, { key, contentLength: meta.contentLength, signal, sliceBytes: partSizeBytes });
      let upload: Upload | undefined;
      let output: CompleteMultipartUploadCommandOutput;
      try {
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html
        upload = new Upload({
          client,
          params: {
            Bucket: bucket,
            Key: objectKey,
            Body: counting.stream,
            ContentType: meta.contentType,
            CacheControl: options.cacheControl,
            Metadata: metadata,
          },
          partSize: partSizeBytes,
          queueSize,
          // The storage aborts the upload itself, after the parts in flight are done, so
          // the original error is kept and a failed abort is reported, not thrown instead.
          leavePartsOnError: true,
        });
        output = await upload.done();
      } catch (error) {
        const failure = counting.failure();
        counting.dispose(error);
        const abortOutcome = await abortUpload(objectKey, upload?.uploadId);
        if (failure?.kind === 'aborted') throw failure.reason;
        if (failure?.kind === 'body') {
          if (abortOutcome === '') throw failure.error;
          throw new StorageError(failure.error.message + abortOutcome, {
            storage: storageId,
            key,
            code: failure.error.code,
            cause: failure.error.cause,
            isRetryable: failure.error.isRetryable,
          });
        }
        throw toS3StorageError({ operation: 'upload', bucket, objectKey, key }, error, abortOutcome);
      } finally {
        counting.dispose();
      }

      const stored: StoredObject = {
        key,
        url: await urlOf(objectKey),
        size: counting.bytesRead(),
        contentType: meta.contentType,
      };
      const etag = bareEtag(output.ETag);
      if (etag !== undefined) stored.etag = etag;
      if (meta.sha256 !== undefined) stored.sha256 = meta.sha256;
      return stored;
    },

    async url(key: string) {
      return urlOf(objectKeyOf(key));
    },

    async head(key: string, callOptions: CallOptions = {}) {
      const objectKey = objectKeyOf(key);
      const { signal } = callOptions;
      signal?.throwIfAborted();
      try {
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_HeadObject.html
        const output = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey }), { abortSignal: signal });
        const stored: StoredObject = { key, url: await urlOf(objectKey), size: output.ContentLength ?? 0 };
        const etag = bareEtag(output.ETag);
        if (etag !== undefined) stored.etag = etag;
        if (output.ContentType !== undefined) stored.contentType = output.ContentType;
        const sha256 = output.Metadata?.sha256;
        if (sha256 !== undefined) stored.sha256 = sha256;
        return stored;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (isNotFoundError(error)) return null;
        throw toS3StorageError({ operation: 'HeadObject', bucket, objectKey, key }, error);
      }
    },

    async delete(key: string, callOptions: CallOptions = {}) {
      const objectKey = objectKeyOf(key);
      const { signal } = callOptions;
      signal?.throwIfAborted();
      try {
        // S3 answers 204 for a missing key too.
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: objectKey }), { abortSignal: signal });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        // Some S3-compatible services answer 404 NoSuchKey instead; NoSuchBucket is still
        // an error (see isNotFoundError).
        if (isNotFoundError(error)) return;
        throw toS3StorageError({ operation: 'DeleteObject', bucket, objectKey, key }, error);
      }
    },
  };
}

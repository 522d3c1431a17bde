import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';

/** How `storage.url(key)` (and the `url` of stored objects) addresses an object. */
export type S3UrlMode =
  /** `publicBaseUrl` + `keyPrefix` + key: a bucket or CDN that serves objects publicly. */
  | 'public'
  /** A presigned `GET` URL, valid for `presignExpiresSec`: a private bucket. */
  | 'presigned';

/** Options of {@link createS3Storage}. */
export interface S3StorageOptions {
  /**
   * The S3 client to use (AWS S3, Cloudflare R2, MinIO… — configure `endpoint`,
   * `forcePathStyle`, `region` and `credentials` on it). The storage never destroys it.
   * Give either `client` or `clientConfig`, not both.
   *
   * @default new S3Client(clientConfig ?? {})
   * @example new S3Client({ region: 'auto', endpoint: `https://${accountId}.r2.cloudflarestorage.com` })
   */
  client?: S3Client;
  /**
   * Configuration of the client the storage creates when `client` is not given. With `{}`
   * the AWS SDK reads region and credentials from the environment when first used.
   *
   * @default {}
   * @example { endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, region: 'us-east-1' }
   */
  clientConfig?: S3ClientConfig;
  /** Bucket the objects are stored in. It must exist. @example 'my-videos' */
  bucket: string;
  /**
   * Prepended to every key to form the S3 object key (`videos/` + `a.mp4` →
   * `videos/a.mp4`). Keys returned by the storage are the unprefixed ones. Must form a
   * valid key with whatever follows it: no leading `/`, no `..` or empty segments.
   *
   * @default ''
   * @example 'video-conductor/'
   */
  keyPrefix?: string;
  /**
   * Absolute URL the bucket is publicly served from (S3 website, R2 public bucket, CDN).
   * Required when `urlMode` is `'public'`; a missing trailing `/` is added.
   *
   * @example 'https://media.example.com/'
   */
  publicBaseUrl?: string;
  /**
   * `'public'`: `url(key)` is `publicBaseUrl` + `keyPrefix` + key, each segment
   * URI-encoded. `'presigned'`: a presigned `GET` URL that expires after
   * `presignExpiresSec`.
   *
   * @default 'public' when `publicBaseUrl` is given, otherwise 'presigned'
   */
  urlMode?: S3UrlMode;
  /**
   * Lifetime of presigned URLs, in seconds, 1–604800 (7 days, the S3 maximum).
   *
   * @default 3600
   */
  presignExpiresSec?: number;
  /**
   * Size of each uploaded part, in bytes; at least 5 MiB (the S3 minimum), at most 5 GiB.
   * A body smaller than one part is sent with a single `PutObject`. Peak memory of a put
   * is about `partSizeBytes × (queueSize + 1)`, whatever the object's size; the largest
   * object is `partSizeBytes × 10000`.
   *
   * @default 8388608 (8 MiB)
   */
  partSizeBytes?: number;
  /**
   * How many parts are uploaded at once (an integer ≥ 1).
   *
   * @default 2
   */
  queueSize?: number;
  /**
   * `Cache-Control` stored with every object. `undefined`: none.
   *
   * @default undefined
   * @example 'public, max-age=31536000, immutable'
   */
  cacheControl?: string;
  /**
   * User metadata (`x-amz-meta-*`, ASCII values) stored with every object; a put's
   * `meta.metadata` and `meta.sha256` are merged over it.
   *
   * @default {}
   * @example { app: 'video-conductor' }
   */
  metadata?: Record<string, string>;
}

/**
 * `@ring/video-conductor/s3` — a `Storage` over Amazon S3 and S3-compatible services
 * (Cloudflare R2, MinIO, Ceph…).
 *
 * Uploads are streamed in parts (`@aws-sdk/lib-storage`), so memory stays bounded by
 * part size × queue size whatever the video's size; a failed or aborted upload is aborted
 * on the server, leaving no parts and no partial object. URLs are public
 * (`publicBaseUrl` + key) or presigned.
 *
 * Install the optional peer dependencies next to this package:
 *
 * ```sh
 * npm install @aws-sdk/client-s3 @aws-sdk/lib-storage @aws-sdk/s3-request-presigner
 * ```
 *
 * @example
 * ```ts
 * import { createS3Storage } from '@ring/video-conductor/s3';
 *
 * const storage = createS3Storage({
 *   bucket: 'my-videos',
 *   clientConfig: { region: 'eu-central-1' },
 *   publicBaseUrl: 'https://media.example.com/',
 * });
 * const stored = await storage.put('2025/kyiv-dawn.mp4', response.body!, { contentType: 'video/mp4' });
 * stored.url; // 'https://media.example.com/2025/kyiv-dawn.mp4'
 * ```
 *
 * @module
 */
export { createS3Storage } from './create-s3-storage.js';
export type { S3StorageOptions, S3UrlMode } from './s3-storage-options.js';

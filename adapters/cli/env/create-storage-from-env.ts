import path from 'node:path';
import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import type { Storage } from '@ring/video-conductor';
import { createFsStorage } from '@ring/video-conductor/fs';
import type { S3StorageOptions } from '@ring/video-conductor/s3';
import { defaultImportModule, loadOptionalModule } from './load-optional-module.js';
import { readUrl, readVariable, resolveHome } from './read-env.js';
import type { VideoConductorEnv, VideoConductorEnvOptions } from './video-conductor-env-options.js';

/** The storage the environment chose. */
export interface StorageFromEnv {
  storage: Storage;
  /** `s3://bucket` (+ endpoint) or the fs directory; no secrets. */
  description: string;
  /** Destroys the S3 client this created; nothing to do for fs. */
  close(): Promise<void>;
}

const s3Packages = ['@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@aws-sdk/s3-request-presigner'];

/**
 * The S3 client configuration from the environment passed in (not only `process.env`, which
 * the AWS SDK would read by itself): `AWS_REGION` / `AWS_DEFAULT_REGION`,
 * `AWS_ACCESS_KEY_ID` + `AWS_SECRET_ACCESS_KEY` (+ `AWS_SESSION_TOKEN`), and
 * `VIDEO_CONDUCTOR_S3_ENDPOINT` (path-style addressing, for MinIO, R2, s3rver…). Without
 * keys the SDK's default chain (profiles, SSO, instance roles) applies.
 *
 * @example
 * ```ts
 * s3ClientConfigFromEnv({ VIDEO_CONDUCTOR_S3_ENDPOINT: 'http://127.0.0.1:9000', AWS_ACCESS_KEY_ID: 'minio', AWS_SECRET_ACCESS_KEY: 'minio123' });
 * // { endpoint: 'http://127.0.0.1:9000', forcePathStyle: true, region: 'us-east-1', credentials: { accessKeyId: 'minio', secretAccessKey: 'minio123' } }
 * ```
 */
export function s3ClientConfigFromEnv(env: VideoConductorEnv): S3ClientConfig {
  const config: S3ClientConfig = {};
  const endpoint = readUrl(env, 'VIDEO_CONDUCTOR_S3_ENDPOINT');
  const region = readVariable(env, 'AWS_REGION') ?? readVariable(env, 'AWS_DEFAULT_REGION') ?? (endpoint === undefined ? undefined : 'us-east-1');
  if (region !== undefined) config.region = region;
  if (endpoint !== undefined) {
    config.endpoint = endpoint;
    config.forcePathStyle = true;
  }
  const accessKeyId = readVariable(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = readVariable(env, 'AWS_SECRET_ACCESS_KEY');
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    const sessionToken = readVariable(env, 'AWS_SESSION_TOKEN');
    config.credentials = { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
  }
  return config;
}

/**
 * Creates the storage the environment asks for: S3 when `VIDEO_CONDUCTOR_S3_BUCKET` is set
 * (the AWS SDK and `@ring/video-conductor/s3` are loaded then, and only then), else the file
 * system under `<home>/media`. `VIDEO_CONDUCTOR_PUBLIC_BASE_URL` sets the public URL of
 * either.
 *
 * @throws InvalidRequestError `MISSING_PEER_DEPENDENCY` (field `VIDEO_CONDUCTOR_S3_BUCKET`)
 * when the AWS SDK is not installed; field-named errors for malformed URLs.
 * @example
 * ```ts
 * const { storage, close } = await createStorageFromEnv({ VIDEO_CONDUCTOR_S3_BUCKET: 'videos', AWS_REGION: 'eu-central-1' });
 * ```
 */
export async function createStorageFromEnv(env: VideoConductorEnv = process.env, options: VideoConductorEnvOptions = {}): Promise<StorageFromEnv> {
  const publicBaseUrl = readUrl(env, 'VIDEO_CONDUCTOR_PUBLIC_BASE_URL');
  const bucket = readVariable(env, 'VIDEO_CONDUCTOR_S3_BUCKET');
  if (bucket === undefined) {
    const directory = path.join(resolveHome(env, options), 'media');
    return {
      storage: createFsStorage({ directory, ...(publicBaseUrl === undefined ? {} : { publicBaseUrl }) }),
      description: directory,
      close: async () => {},
    };
  }

  const config = s3ClientConfigFromEnv(env);
  const importModule = options.importModule ?? defaultImportModule;
  const need = { field: 'VIDEO_CONDUCTOR_S3_BUCKET', purpose: 'S3 storage (VIDEO_CONDUCTOR_S3_BUCKET is set)', packages: s3Packages };
  const { S3Client: Client } = await loadOptionalModule<{ S3Client: new (config: S3ClientConfig) => S3Client }>(importModule, '@aws-sdk/client-s3', need);
  const { createS3Storage } = await loadOptionalModule<{ createS3Storage: (options: S3StorageOptions) => Storage }>(importModule, '@ring/video-conductor/s3', need);
  const client = new Client(config);
  let storage: Storage;
  try {
    storage = createS3Storage({ client, bucket, ...(publicBaseUrl === undefined ? {} : { publicBaseUrl }) });
  } catch (error) {
    client.destroy();
    throw error;
  }
  return {
    storage,
    description: `s3://${bucket}${config.endpoint === undefined ? '' : ` at ${String(config.endpoint)}`}`,
    close: async () => client.destroy(),
  };
}

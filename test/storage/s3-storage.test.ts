import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { InvalidRequestError, StorageError, type Storage } from '@ring/video-conductor';
import { describeStorageContract } from '@ring/video-conductor/contract';
import { createS3Storage, type S3StorageOptions } from '@ring/video-conductor/s3';
import { countS3Commands } from './count-s3-commands.js';
import { createDeterministicBody, deterministicSha256, mebibyte, sha256OfStream } from './deterministic-body.js';
import { startS3rver, type RunningS3rver } from './start-s3rver.js';
import { traversalKeys } from './traversal-keys.js';

const bucket = 'videos';
const video = { contentType: 'video/mp4' };
const bytes = (text: string) => new TextEncoder().encode(text);

let s3: RunningS3rver;

beforeAll(async () => {
  s3 = await startS3rver({ buckets: [bucket] });
});

afterAll(async () => {
  await s3?.stop();
});

beforeEach(async () => {
  // Every test starts from an empty bucket (objects and multipart leftovers).
  const bucketDirectory = join(s3.directory, bucket);
  for (const entry of await readdir(bucketDirectory)) await rm(join(bucketDirectory, entry), { recursive: true, force: true });
  s3.requests.length = 0;
});

/** A storage over a fresh client whose commands are counted. */
function setup(options: Partial<S3StorageOptions> = {}) {
  const client = s3.createClient();
  const commands = countS3Commands(client);
  const storage = createS3Storage({ client, bucket, publicBaseUrl: `${s3.endpoint}/${bucket}/`, ...options });
  return { client, commands, storage };
}

/** The object's bytes as s3rver serves them, hashed while streaming; `null` when there is none. */
async function readObject(client: S3Client, key: string): Promise<{ sha256: string; size: number } | null> {
  try {
    const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await sha256OfStream(output.Body as AsyncIterable<Uint8Array>);
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey') return null;
    throw error;
  }
}

async function readText(client: S3Client, key: string): Promise<string> {
  const output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return output.Body!.transformToString();
}

/** Asserts that s3rver holds no object under `key`: listing empty, HeadObject 404. */
async function expectNoObject(client: S3Client, storage: Storage, key: string, objectKey = key): Promise<void> {
  const listing = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  expect(listing.KeyCount ?? 0).toBe(0);
  expect(listing.Contents ?? []).toEqual([]);
  const headError = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey })).catch((error: unknown) => error);
  expect((headError as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(404);
  expect(await storage.head(key)).toBeNull();
}

/** AbortMultipartUpload requests s3rver received. */
function abortRequests() {
  return s3.requests.filter((request) => request.method === 'DELETE' && 'uploadId' in request.query);
}

describe('s3 storage: streamed multipart upload', () => {
  it('round-trips 64 MiB byte-exact in 8 MiB parts, with memory bounded by part size × queue', { timeout: 60_000 }, async () => {
    const { client, commands, storage } = setup();
    const totalBytes = 64 * mebibyte;
    const expectedSha256 = deterministicSha256(totalBytes);
    let maxUnacknowledgedBytes = 0;
    const body = createDeterministicBody({
      totalBytes,
      onPull(produced) {
        maxUnacknowledgedBytes = Math.max(maxUnacknowledgedBytes, produced - commands.completedPartBytes);
      },
    });

    const stored = await storage.put('large/64.bin', body.stream, {
      contentType: 'application/octet-stream',
      sha256: expectedSha256,
    });

    expect(body.sha256()).toBe(expectedSha256);
    expect(stored).toMatchObject({ key: 'large/64.bin', size: totalBytes, sha256: expectedSha256 });
    expect(stored.url).toBe(`${s3.endpoint}/videos/large/64.bin`);
    // Multipart on the wire: 64 MiB / 8 MiB = 8 parts, one completion, no single PUT.
    expect(commands.count('CreateMultipartUpload')).toBe(1);
    expect(commands.count('UploadPart')).toBe(8);
    expect(commands.count('CompleteMultipartUpload')).toBe(1);
    expect(commands.count('PutObject')).toBe(0);
    expect(commands.count('AbortMultipartUpload')).toBe(0);
    // Bytes pulled from the body but not yet acknowledged by S3: at most the parts in
    // flight (queue 2) plus the part being filled, plus a chunk — never the whole body.
    expect(maxUnacknowledgedBytes).toBeLessThanOrEqual(3 * 8 * mebibyte + mebibyte);

    expect(await readObject(client, 'large/64.bin')).toEqual({ sha256: expectedSha256, size: totalBytes });
    const head = await storage.head('large/64.bin');
    expect(head).toMatchObject({ key: 'large/64.bin', size: totalBytes, sha256: expectedSha256, etag: stored.etag });
    expect(stored.etag).toMatch(/^[0-9a-f-]+$/);
    // Only the object (and s3rver's metadata files) remain: no parts.
    expect(await s3.listFiles()).toEqual([
      'large/64.bin._S3rver_metadata.json',
      'large/64.bin._S3rver_object',
      'large/64.bin._S3rver_object.md5',
    ]);
  });

  it('leaves no object and no parts when the body errors after more than one part was sent', { timeout: 60_000 }, async () => {
    const { client, commands, storage } = setup();
    const cause = new Error('provider connection reset');
    const body = createDeterministicBody({
      totalBytes: 64 * mebibyte,
      // Fail in the 4th part, once two parts are acknowledged by the server.
      failure: { afterBytes: 28 * mebibyte, error: cause, waitFor: () => commands.partsCompleted(2) },
    });

    const error = await storage.put('broken.mp4', body.stream, video).catch((caught: unknown) => caught);

    expect(StorageError.isInstance(error)).toBe(true);
    expect((error as StorageError).code).toBe('BODY_STREAM_FAILED');
    expect((error as StorageError).cause).toBe(cause);
    expect((error as StorageError).key).toBe('broken.mp4');
    expect(commands.completedParts).toBeGreaterThanOrEqual(2);
    expect(commands.count('CreateMultipartUpload')).toBe(1);
    expect(commands.count('CompleteMultipartUpload')).toBe(0);
    // s3rver answers 501 to ListMultipartUploads: prove the cleanup on the wire and on disk.
    expect(commands.count('AbortMultipartUpload')).toBe(1);
    expect(abortRequests()).toHaveLength(1);
    await expectNoObject(client, storage, 'broken.mp4');
    expect(await s3.listFiles()).toEqual([]);
  });

  it('keeps the previous object when an overwrite fails', { timeout: 60_000 }, async () => {
    const { client, storage } = setup();
    await storage.put('clip.mp4', bytes('version 1'), video);
    const body = createDeterministicBody({
      totalBytes: 24 * mebibyte,
      failure: { afterBytes: 17 * mebibyte, error: new Error('boom') },
    });
    await expect(storage.put('clip.mp4', body.stream, video)).rejects.toSatisfy((error) => StorageError.isInstance(error));
    expect(await readText(client, 'clip.mp4')).toBe('version 1');
    expect(abortRequests()).toHaveLength(1);
    expect((await s3.listFiles()).filter((file) => file.includes('_S3rver_uploads'))).toEqual([]);
  });

  it('aborts the multipart upload and rejects with the abort reason when the signal aborts mid-stream', { timeout: 60_000 }, async () => {
    const { client, commands, storage } = setup({ partSizeBytes: 5 * mebibyte });
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const body = createDeterministicBody({
      totalBytes: 40 * mebibyte,
      onPull(produced) {
        if (produced >= 12 * mebibyte && !controller.signal.aborted) {
          void commands.partsCompleted(1).then(() => controller.abort(reason));
        }
      },
    });

    const error = await storage.put('aborted.mp4', body.stream, video, { signal: controller.signal }).catch((caught: unknown) => caught);

    expect(error).toBe(reason);
    expect(body.cancelled()).toBe(true);
    expect(body.produced()).toBeLessThan(40 * mebibyte);
    expect(commands.count('AbortMultipartUpload')).toBe(1);
    expect(commands.count('CompleteMultipartUpload')).toBe(0);
    await expectNoObject(client, storage, 'aborted.mp4');
    expect(await s3.listFiles()).toEqual([]);
  });

  it('rejects at once, sending nothing, when the signal is already aborted', async () => {
    const { commands, storage } = setup();
    const controller = new AbortController();
    controller.abort();
    const body = createDeterministicBody({ totalBytes: mebibyte });
    const error = await storage.put('a.mp4', body.stream, video, { signal: controller.signal }).catch((caught: unknown) => caught);
    expect(error).toBe(controller.signal.reason);
    expect(body.cancelled()).toBe(true);
    expect(commands.sent).toEqual({});
  });

  it('reports (and keeps) the body error when the server refuses AbortMultipartUpload', { timeout: 60_000 }, async () => {
    // Plain s3rver answers 405 to AbortMultipartUpload and keeps the parts: the assertions
    // on s3rver's data directory in the tests above would catch a missing abort.
    const plain = await startS3rver({ buckets: [bucket], abortMultipartUpload: false });
    try {
      const client = plain.createClient();
      const commands = countS3Commands(client);
      const storage = createS3Storage({ client, bucket, partSizeBytes: 5 * mebibyte });
      const cause = new Error('boom');
      const body = createDeterministicBody({
        totalBytes: 20 * mebibyte,
        failure: { afterBytes: 11 * mebibyte, error: cause, waitFor: () => commands.partsCompleted(2) },
      });
      const error = (await storage.put('a.mp4', body.stream, video).catch((caught: unknown) => caught)) as StorageError;
      expect(StorageError.isInstance(error)).toBe(true);
      expect(error.code).toBe('BODY_STREAM_FAILED');
      expect(error.cause).toBe(cause);
      expect(error.message).toMatch(/aborting multipart upload [0-9a-f]+ failed as well \(MethodNotAllowed \(HTTP 405\)/);
      expect(commands.count('AbortMultipartUpload')).toBe(1);
      expect((await plain.listFiles()).filter((file) => /\/\d+$/.test(file)).length).toBeGreaterThanOrEqual(2);
    } finally {
      await plain.stop();
    }
  });

  it('aborts the upload when S3 fails a part, and maps the error as retryable', { timeout: 60_000 }, async () => {
    const { client, commands, storage } = setup({ partSizeBytes: 5 * mebibyte });
    s3.injectFault({ method: 'PUT', queryParameter: 'partNumber', status: 500, code: 'InternalError' });
    const body = createDeterministicBody({ totalBytes: 20 * mebibyte });
    const error = (await storage.put('a.mp4', body.stream, video).catch((caught: unknown) => caught)) as StorageError;
    expect(StorageError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toContain('S3 upload of s3://videos/a.mp4 failed: InternalError (HTTP 500)');
    expect(commands.count('AbortMultipartUpload')).toBe(1);
    expect(body.cancelled()).toBe(true);
    await expectNoObject(client, storage, 'a.mp4');
    expect(await s3.listFiles()).toEqual([]);
  });

  it('rejects a multipart body shorter than meta.contentLength and leaves nothing', { timeout: 60_000 }, async () => {
    const { client, commands, storage } = setup({ partSizeBytes: 5 * mebibyte });
    const body = createDeterministicBody({ totalBytes: 12 * mebibyte });
    const error = (await storage
      .put('short.mp4', body.stream, { contentType: 'video/mp4', contentLength: 13 * mebibyte })
      .catch((caught: unknown) => caught)) as StorageError;
    expect(error.code).toBe('CONTENT_LENGTH_MISMATCH');
    expect(commands.count('AbortMultipartUpload')).toBe(1);
    expect(commands.count('CompleteMultipartUpload')).toBe(0);
    await expectNoObject(client, storage, 'short.mp4');
    expect(await s3.listFiles()).toEqual([]);
  });
});

describe('s3 storage: small objects and metadata', () => {
  it('sends a body smaller than one part with a single PutObject, with content type, cache control and metadata', async () => {
    const { client, commands, storage } = setup({
      cacheControl: 'public, max-age=31536000, immutable',
      metadata: { app: 'video-conductor', tenant: 'default' },
    });
    const content = bytes('a tiny video');
    const sha256 = 'a'.repeat(64);
    const stored = await storage.put('small.mp4', content, {
      contentType: 'video/mp4',
      contentLength: content.byteLength,
      sha256,
      metadata: { tenant: 'acme', clipid: 'clip-7' },
    });

    expect(stored).toEqual({
      key: 'small.mp4',
      url: `${s3.endpoint}/videos/small.mp4`,
      size: content.byteLength,
      sha256,
      etag: expect.stringMatching(/^[0-9a-f]{32}$/),
      contentType: 'video/mp4',
    });
    expect(commands.count('PutObject')).toBe(1);
    expect(commands.count('CreateMultipartUpload')).toBe(0);
    expect(await readText(client, 'small.mp4')).toBe('a tiny video');

    const raw = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'small.mp4' }));
    expect(raw.ContentType).toBe('video/mp4');
    expect(raw.CacheControl).toBe('public, max-age=31536000, immutable');
    // meta.sha256 is stored as x-amz-meta-sha256; put metadata wins over the defaults.
    expect(raw.Metadata).toEqual({ app: 'video-conductor', tenant: 'acme', clipid: 'clip-7', sha256 });

    expect(await storage.head('small.mp4')).toEqual({
      key: 'small.mp4',
      url: `${s3.endpoint}/videos/small.mp4`,
      size: content.byteLength,
      sha256,
      etag: stored.etag,
      contentType: 'video/mp4',
    });
  });

  it('returns no sha256 when none was given (it does not hash)', async () => {
    const { storage } = setup();
    const stored = await storage.put('a.mp4', bytes('x'), video);
    expect(stored.sha256).toBeUndefined();
    expect((await storage.head('a.mp4'))?.sha256).toBeUndefined();
  });

  it('stores an empty stream', async () => {
    const { client, storage } = setup();
    const stored = await storage.put('empty.bin', new ReadableStream({ start: (controller) => controller.close() }), video);
    expect(stored.size).toBe(0);
    expect(await readObject(client, 'empty.bin')).toMatchObject({ size: 0 });
  });

  it('rejects a Uint8Array of another length than meta.contentLength before sending anything', async () => {
    const { commands, storage } = setup();
    const error = (await storage
      .put('a.mp4', bytes('12345'), { contentType: 'video/mp4', contentLength: 4 })
      .catch((caught: unknown) => caught)) as StorageError;
    expect(error.code).toBe('CONTENT_LENGTH_MISMATCH');
    expect(commands.sent).toEqual({});
  });

  it('rejects metadata names that are not HTTP header tokens', async () => {
    const { commands, storage } = setup();
    const error = await storage
      .put('a.mp4', bytes('x'), { contentType: 'video/mp4', metadata: { 'bad name': 'x' } })
      .catch((caught: unknown) => caught);
    expect(InvalidRequestError.isInstance(error)).toBe(true);
    expect((error as InvalidRequestError).field).toBe('metadata');
    expect(commands.sent).toEqual({});
  });

  it('prefixes object keys with keyPrefix and returns unprefixed keys', async () => {
    const { client, storage } = setup({ keyPrefix: 'tenant-a/' });
    const stored = await storage.put('clips/a.mp4', bytes('prefixed'), video);
    expect(stored.key).toBe('clips/a.mp4');
    expect(stored.url).toBe(`${s3.endpoint}/videos/tenant-a/clips/a.mp4`);
    expect(await readText(client, 'tenant-a/clips/a.mp4')).toBe('prefixed');
    expect(await storage.head('clips/a.mp4')).toMatchObject({ key: 'clips/a.mp4', size: 8 });
    await storage.delete('clips/a.mp4');
    await expectNoObject(client, storage, 'clips/a.mp4', 'tenant-a/clips/a.mp4');
  });
});

describe('s3 storage: head, delete, keys', () => {
  it('head returns null for a missing key; delete succeeds for a missing key and removes an object', async () => {
    const { client, storage } = setup();
    expect(await storage.head('missing.mp4')).toBeNull();
    await expect(storage.delete('missing.mp4')).resolves.toBeUndefined();
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'present.mp4', Body: 'x' }));
    expect((await storage.head('present.mp4'))?.size).toBe(1);
    await storage.delete('present.mp4');
    await expectNoObject(client, storage, 'present.mp4');
  });

  it.each(traversalKeys)('rejects key %j with InvalidRequestError (field "key") without sending anything', async (key) => {
    const { commands, storage } = setup();
    const body = createDeterministicBody({ totalBytes: mebibyte });
    const calls = [
      () => storage.put(key, body.stream, video),
      () => storage.url(key),
      () => storage.head(key),
      () => storage.delete(key),
    ];
    for (const call of calls) {
      const error = await call().catch((caught: unknown) => caught);
      expect(InvalidRequestError.isInstance(error)).toBe(true);
      expect((error as InvalidRequestError).field).toBe('key');
    }
    expect(body.produced()).toBe(0);
    expect(body.cancelled()).toBe(true);
    expect(commands.sent).toEqual({});
    expect(s3.requests).toEqual([]);
    expect(await s3.listFiles()).toEqual([]);
  });

  it('head and delete reject with the reason of an aborted signal', async () => {
    const { storage } = setup();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(storage.head('a.mp4', { signal: controller.signal })).rejects.toThrow('stop');
    await expect(storage.delete('a.mp4', { signal: controller.signal })).rejects.toThrow('stop');
  });
});

describe('s3 storage: errors', () => {
  it('maps NoSuchBucket to a non-retryable StorageError naming operation, bucket and key, without credentials', async () => {
    const client = s3.createClient();
    const storage = createS3Storage({ client, bucket: 'no-such-bucket', urlMode: 'presigned' });
    const error = (await storage.put('a.mp4', bytes('x'), video).catch((caught: unknown) => caught)) as StorageError;
    expect(StorageError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(false);
    expect(error.storage).toBe('s3');
    expect(error.key).toBe('a.mp4');
    expect(error.message).toBe(
      'S3 upload of s3://no-such-bucket/a.mp4 failed: NoSuchBucket (HTTP 404): The specified bucket does not exist',
    );
    expect(JSON.stringify(error.toJSON())).not.toContain('S3RVER');
  });

  it.each([
    [503, 'SlowDown', true],
    [500, 'InternalError', true],
    [429, 'TooManyRequests', true],
    [403, 'AccessDenied', false],
    [400, 'InvalidRequest', false],
  ])('maps HeadObject %i %s to isRetryable %s', async (status, code, retryable) => {
    const { storage } = setup();
    s3.injectFault({ method: 'HEAD', status, code });
    const error = (await storage.head('a.mp4').catch((caught: unknown) => caught)) as StorageError;
    expect(StorageError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(retryable);
    expect(error.message).toContain(`S3 HeadObject of s3://videos/a.mp4 failed:`);
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it('maps DeleteObject failures', async () => {
    const { storage } = setup();
    s3.injectFault({ method: 'DELETE', status: 403, code: 'AccessDenied' });
    const error = (await storage.delete('a.mp4').catch((caught: unknown) => caught)) as StorageError;
    expect(error.message).toBe('S3 DeleteObject of s3://videos/a.mp4 failed: AccessDenied (HTTP 403): Injected by the test: AccessDenied');
    expect(error.isRetryable).toBe(false);
  });

  it('maps a network failure to a retryable StorageError', async () => {
    const closed = await startS3rver();
    const client = closed.createClient();
    await closed.stop();
    const storage = createS3Storage({ client, bucket, urlMode: 'presigned' });
    const error = (await storage.head('a.mp4').catch((caught: unknown) => caught)) as StorageError;
    expect(StorageError.isInstance(error)).toBe(true);
    expect(error.isRetryable).toBe(true);
    expect(error.message).toMatch(/^S3 HeadObject of s3:\/\/videos\/a\.mp4 failed: ECONNREFUSED/);
  });
});

describe('s3 storage: URLs and options', () => {
  it('public mode: publicBaseUrl + keyPrefix + key, each segment URI-encoded, "/" added when missing', async () => {
    const storage = createS3Storage({
      client: s3.createClient(),
      bucket,
      keyPrefix: 'media/',
      publicBaseUrl: 'https://cdn.example.com/v',
    });
    expect(await storage.url('a b/ü#?.mp4')).toBe('https://cdn.example.com/v/media/a%20b/%C3%BC%23%3F.mp4');
  });

  it('presigned mode: a GET URL signed for presignExpiresSec that s3rver serves', async () => {
    const { storage } = setup({ urlMode: 'presigned', presignExpiresSec: 900 });
    const stored = await storage.put('private/a b.mp4', bytes('secret video'), video);
    const url = new URL(stored.url);
    expect(url.origin + url.pathname).toBe(`${s3.endpoint}/videos/private/a%20b.mp4`);
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(/^S3RVER\//);
    expect(url.toString()).not.toContain('secretAccessKey');
    const response = await fetch(stored.url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('secret video');
    expect(new URL(await storage.url('private/a b.mp4')).pathname).toBe(url.pathname);
  });

  it('defaults to presigned URLs without publicBaseUrl, and to public URLs with one', async () => {
    const presigned = createS3Storage({ client: s3.createClient(), bucket });
    expect(await presigned.url('a.mp4')).toContain('X-Amz-Signature=');
    const publicStorage = createS3Storage({ client: s3.createClient(), bucket, publicBaseUrl: 'https://cdn.example.com/' });
    expect(await publicStorage.url('a.mp4')).toBe('https://cdn.example.com/a.mp4');
  });

  it.each<[string, Partial<S3StorageOptions>, string]>([
    ['public mode without publicBaseUrl', { urlMode: 'public' }, 'publicBaseUrl'],
    ['an invalid publicBaseUrl', { publicBaseUrl: 'cdn.example.com' }, 'publicBaseUrl'],
    ['an unknown urlMode', { urlMode: 'signed' as 'public', publicBaseUrl: 'https://cdn.example.com/' }, 'urlMode'],
    ['parts under 5 MiB', { partSizeBytes: 5 * mebibyte - 1 }, 'partSizeBytes'],
    ['a fractional part size', { partSizeBytes: 5 * mebibyte + 0.5 }, 'partSizeBytes'],
    ['queueSize 0', { queueSize: 0 }, 'queueSize'],
    ['presigned URLs over 7 days', { presignExpiresSec: 604_801 }, 'presignExpiresSec'],
    ['a keyPrefix with a leading "/"', { keyPrefix: '/videos/' }, 'keyPrefix'],
    ['a keyPrefix with ".."', { keyPrefix: '../' }, 'keyPrefix'],
    ['an empty bucket', { bucket: '' }, 'bucket'],
    ['both client and clientConfig', { clientConfig: { region: 'us-east-1' } }, 'clientConfig'],
    ['a metadata value that is not a string', { metadata: { n: 1 as unknown as string } }, 'metadata'],
  ])('rejects %s at construction', (_case, options, field) => {
    let thrown: unknown;
    try {
      createS3Storage({ client: s3.createClient(), bucket, ...options });
    } catch (error) {
      thrown = error;
    }
    expect(InvalidRequestError.isInstance(thrown)).toBe(true);
    expect((thrown as InvalidRequestError).field).toBe(field);
  });

  it('creates its own client from clientConfig', async () => {
    const storage = createS3Storage({
      clientConfig: {
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      },
      bucket,
      publicBaseUrl: 'https://cdn.example.com/',
    });
    const stored = await storage.put('own-client.mp4', bytes('hello'), video);
    expect(stored.size).toBe(5);
    expect((await storage.head('own-client.mp4'))?.size).toBe(5);
  });

  it('is a v1 Storage with id "s3"', () => {
    const { storage } = setup();
    expect(storage.specificationVersion).toBe('v1');
    expect(storage.id).toBe('s3');
  });
});

/** The port contract harness: one prefix per storage, in the shared s3rver bucket. */
const s3ContractHarness = (() => {
  let created = 0;
  const prefixes = new Map<Storage, { client: S3Client; prefix: string }>();
  return {
    create() {
      const client = s3.createClient();
      const prefix = `contract-${++created}/`;
      const storage = createS3Storage({ client, bucket, keyPrefix: prefix, publicBaseUrl: `${s3.endpoint}/${bucket}/` });
      prefixes.set(storage, { client, prefix });
      return storage;
    },
    async read(storage: Storage, key: string): Promise<Uint8Array | null> {
      const entry = prefixes.get(storage);
      if (entry === undefined) throw new Error('storage not created by this harness');
      try {
        const output = await entry.client.send(new GetObjectCommand({ Bucket: bucket, Key: entry.prefix + key }));
        return await output.Body!.transformToByteArray();
      } catch (error) {
        if ((error as { name?: string }).name === 'NoSuchKey') return null;
        throw error;
      }
    },
    cleanup(storage: Storage) {
      prefixes.delete(storage);
    },
    // Over one 8 MiB part: exercises the multipart path.
    largeObjectBytes: 12 * mebibyte,
  };
})();

describeStorageContract('s3 (s3rver)', s3ContractHarness);

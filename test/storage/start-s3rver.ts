import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/** One request s3rver received, as seen before any routing. */
export interface S3rverRequest {
  method: string;
  /** Raw (still percent-encoded) path, `/<bucket>/<key>` (path-style addressing). */
  path: string;
  query: Record<string, string | string[] | undefined>;
}

/** An error response s3rver gives instead of handling matching requests. */
export interface S3rverFault {
  /** HTTP method to match, e.g. `HEAD`; `undefined`: any. */
  method?: string;
  /** A query parameter that must be present, e.g. `uploadId` or `partNumber`; `undefined`: any. */
  queryParameter?: string;
  /** HTTP status to answer, e.g. 503. */
  status: number;
  /** S3 error code in the XML body, e.g. `SlowDown`, `AccessDenied`. */
  code: string;
  /** How many matching requests fail before s3rver behaves normally again. @default 1 */
  times?: number;
}

/** Options of {@link startS3rver}. */
export interface StartS3rverOptions {
  /** Buckets created before the server starts. @default ['videos'] */
  buckets?: string[];
  /**
   * s3rver 3.7 answers `405 MethodNotAllowed` to AbortMultipartUpload and keeps the
   * parts; with `true` the helper implements it as S3 does (remove the upload and its
   * parts, `204`; `404 NoSuchUpload` for an unknown upload id or key).
   * @default true
   */
  abortMultipartUpload?: boolean;
}

/** A running s3rver on a loopback port, with a fresh data directory. */
export interface RunningS3rver {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** s3rver's data directory: `<directory>/<bucket>/…` holds objects, metadata and parts. */
  readonly directory: string;
  /** Every request received so far, oldest first. */
  readonly requests: S3rverRequest[];
  /**
   * A real `S3Client` for this server: path-style, region `us-east-1`, credentials
   * `S3RVER`/`S3RVER`, `maxAttempts: 1` unless overridden. Destroyed by `stop()`.
   */
  createClient(config?: S3ClientConfig): S3Client;
  /** Makes the next matching request(s) fail with an S3 error response. */
  injectFault(fault: S3rverFault): void;
  /** Paths (relative to the bucket's directory, `/`-separated) of every regular file s3rver keeps for `bucket`. */
  listFiles(bucket?: string): Promise<string[]>;
  /** Stops the server, destroys the clients and deletes the data directory. */
  stop(): Promise<void>;
}

/** s3rver keeps the parts of upload `<id>` in `<directory>/<bucket>/._S3rver_uploads/<id>/`. */
const uploadsDirectoryName = '._S3rver_uploads';

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

async function listFilesUnder(directory: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(directory, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/**
 * Starts s3rver (a real S3-protocol server backed by the file system) on `127.0.0.1`, on a
 * free port, in a new temporary directory. For tests and benchmarks of S3 code paths
 * against the real AWS SDK: no mocked client.
 *
 * @example
 * ```ts
 * const s3 = await startS3rver();
 * const client = s3.createClient();
 * // … createS3Storage({ client, bucket: 'videos' }) …
 * await s3.stop();
 * ```
 */
export async function startS3rver(options: StartS3rverOptions = {}): Promise<RunningS3rver> {
  const buckets = options.buckets ?? ['videos'];
  const directory = await mkdtemp(join(tmpdir(), 'video-conductor-s3rver-'));
  const server = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const requests: S3rverRequest[] = [];
  const faults: (S3rverFault & { remaining: number })[] = [];
  const clients: S3Client[] = [];

  // Koa composes its middleware list when the server starts listening: prepend ours.
  server.middleware.unshift(async (context, next) => {
    requests.push({ method: context.method, path: context.path, query: { ...context.query } });

    const fault = faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.method === undefined || candidate.method === context.method) &&
        (candidate.queryParameter === undefined || candidate.queryParameter in context.query),
    );
    if (fault !== undefined) {
      fault.remaining -= 1;
      // Read the request body first, so the client sees the response and not a reset.
      context.req.resume();
      if (!context.req.readableEnded) await new Promise((resolve) => context.req.once('end', resolve));
      context.status = fault.status;
      context.set('x-amz-error-code', fault.code);
      if (context.method !== 'HEAD') {
        context.type = 'application/xml';
        context.body = errorXml(fault.code, `Injected by the test: ${fault.code}`);
      }
      return;
    }

    const uploadId = context.query.uploadId;
    if ((options.abortMultipartUpload ?? true) && context.method === 'DELETE' && typeof uploadId === 'string') {
      // AbortMultipartUpload, as S3 does it.
      // https://docs.aws.amazon.com/AmazonS3/latest/API/API_AbortMultipartUpload.html
      const [, bucket = '', ...keySegments] = context.path.split('/');
      const key = keySegments.map(decodeURIComponent).join('/');
      const uploadDirectory = join(directory, decodeURIComponent(bucket), uploadsDirectoryName, uploadId);
      const storedKey = /^[0-9a-f]+$/.test(uploadId)
        ? await readFile(join(uploadDirectory, 'key'), 'utf8').catch(() => undefined)
        : undefined;
      if (storedKey === undefined || storedKey !== key) {
        context.status = 404;
        context.type = 'application/xml';
        context.body = errorXml('NoSuchUpload', 'The specified upload does not exist.');
        return;
      }
      await rm(uploadDirectory, { recursive: true, force: true });
      context.status = 204;
      return;
    }
    await next();
  });

  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;

  return {
    endpoint,
    directory,
    requests,
    createClient(config: S3ClientConfig = {}) {
      const client = new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        maxAttempts: 1,
        ...config,
      });
      clients.push(client);
      return client;
    },
    injectFault(fault: S3rverFault) {
      faults.push({ ...fault, remaining: fault.times ?? 1 });
    },
    listFiles(bucket = buckets[0] ?? 'videos') {
      return listFilesUnder(join(directory, bucket));
    },
    async stop() {
      for (const client of clients) client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

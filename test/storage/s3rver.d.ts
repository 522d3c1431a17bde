// Types of the parts of s3rver 3.x (a CommonJS Koa application without bundled types)
// that the storage tests and benchmarks use.
declare module 's3rver' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  import type { AddressInfo } from 'node:net';

  namespace S3rver {
    /** The subset of a Koa context the test middleware reads and writes. */
    interface KoaContext {
      method: string;
      path: string;
      query: Record<string, string | string[] | undefined>;
      req: IncomingMessage;
      res: ServerResponse;
      status: number;
      body: unknown;
      type: string;
      set(field: string, value: string): void;
    }
    type Middleware = (context: KoaContext, next: () => Promise<void>) => unknown;
    interface Options {
      port?: number;
      address?: string;
      silent?: boolean;
      directory?: string;
      resetOnClose?: boolean;
      allowMismatchedSignatures?: boolean;
      vhostBuckets?: boolean;
      configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
    }
  }

  class S3rver {
    constructor(options?: S3rver.Options);
    /** Koa's middleware list; composed when the server starts listening. */
    middleware: S3rver.Middleware[];
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    reset(): void;
  }

  export = S3rver;
}

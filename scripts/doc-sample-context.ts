/**
 * Names the docs' code fragments may continue from without declaring them, for
 * `npm run check:samples` (scripts/check-doc-samples.mjs). A fragment asks for some with
 * `<!-- sample-context: conductor pool -->` on the line before its fence; the checker then
 * imports them from here. Declarations only: nothing here runs.
 */
import type { XaiProvider } from '@ai-sdk/xai';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type pg from 'pg';
import type { GenerateVideoRequest, ImageProvider, Ledger, Storage, VideoConductor, VideoProvider } from '@ring/video-conductor';
import type { PostgresLedger } from '@ring/video-conductor/postgres';

/** A conductor, as built by `createVideoConductor` or `createVideoConductorFromEnv`. */
export declare const conductor: VideoConductor;
/** A video provider (e.g. `createXai().video`). */
export declare const provider: VideoProvider;
/** An image provider (e.g. `createXai().image`). */
export declare const imageProvider: ImageProvider;
/** A storage (e.g. `createS3Storage(…)`). */
export declare const storage: Storage;
/** A ledger (e.g. `createPostgresLedger(…)`). */
export declare const ledger: Ledger;
/** The Postgres ledger, with its `claimStale` and friends. */
export declare const postgresLedger: PostgresLedger;
/** A `pg` pool. */
export declare const pool: pg.Pool;
/** A video request. */
export declare const request: GenerateVideoRequest;
/** A ledger record id. */
export declare const recordId: string;
/** A prompt. */
export declare const prompt: string;
/** An MCP client connected to the video tools. */
export declare const client: Client;
/** Cloudflare R2 account and keys, from wherever you keep secrets. */
export declare const accountId: string;
export declare const accessKeyId: string;
export declare const secretAccessKey: string;
/** A fetch `Response` with a body (e.g. a provider's temporary video URL, fetched). */
export declare const response: Response;
/** The AI SDK's xAI provider (`createXai()` from `@ai-sdk/xai`). */
export declare const xai: XaiProvider;

/* The adapter a reader of docs/writing-adapters.md is writing. */
/** Creates the reader's storage adapter. */
export declare function createMyStorage(options: { bucket: string }): Storage;
/** Reads an object back by the backend's own means. */
export declare function readBackForTest(key: string): Promise<Uint8Array | null>;
/** Creates the reader's ledger adapter over a fresh database. */
export declare function createMyLedger(database: unknown): Ledger;
/** A fresh, empty test database. */
export declare function freshDatabase(): Promise<unknown>;
/** Creates the reader's video provider. */
export declare function createMyProvider(options: { apiKey: string; fetch: typeof globalThis.fetch }): VideoProvider;
/** A fetch answering with recorded provider responses. */
export declare const mockFetch: typeof globalThis.fetch;

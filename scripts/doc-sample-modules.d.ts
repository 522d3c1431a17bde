/**
 * Packages the docs' samples import but the repository does not install, declared with the
 * shape those samples use (for `npm run check:samples`; scripts/check-doc-samples.mjs).
 * Nothing else includes this file.
 */
declare module 'postgres' {
  import type { PostgresJsSql } from '@ring/video-conductor/postgres';
  /** postgres.js: `postgres(url)` is an `Sql` with `unsafe` and `begin`. */
  export default function postgres(url: string, options?: Record<string, unknown>): PostgresJsSql & { end(): Promise<void> };
}

declare module '@neondatabase/serverless' {
  /** Neon's `Pool` has the `pg` `Pool` API (it is a drop-in replacement). */
  export { Pool, Client } from 'pg';
}

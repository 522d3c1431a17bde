import type { BudgetOptions, ImageProvider, Storage, VideoConductor, VideoConductorOptions, VideoProvider } from '@ring/video-conductor';
import type { PostgresLedger, SqlClient } from '@ring/video-conductor/postgres';
import type { LocalVideoProviderOptions } from '@ring/video-conductor/local';

/** Environment variables, as `process.env` holds them. */
export type VideoConductorEnv = Readonly<Record<string, string | undefined>>;

/** The providers the environment can choose. */
export type VideoConductorProviderName = 'xai' | 'runway' | 'local';

/**
 * Options of {@link createVideoConductorFromEnv} (and of the `create…FromEnv` parts). Each
 * overrides the environment variable it names.
 *
 * @example
 * ```ts
 * await createVideoConductorFromEnv(process.env, { provider: 'local', home: '/tmp/vc', conductor: { maxConcurrentJobs: 2 } });
 * ```
 */
export interface VideoConductorEnvOptions {
  /**
   * Which provider makes the videos. `xai` needs `XAI_API_KEY`; `runway` needs
   * `RUNWAYML_API_SECRET` and the optional peer `@runwayml/sdk` (and uses the bundled Runway
   * presets); `local` is the offline local provider. `undefined`: `VIDEO_CONDUCTOR_PROVIDER`,
   * else `xai` when `XAI_API_KEY` is set, else `runway` when `RUNWAYML_API_SECRET` is set,
   * else an `InvalidRequestError` — the local provider is never chosen silently.
   * @default VIDEO_CONDUCTOR_PROVIDER
   */
  provider?: VideoConductorProviderName;
  /**
   * Directory of the embedded defaults (`media/` for fs storage, `ledger/` for PGlite); a
   * relative path is resolved against `cwd`.
   * @default VIDEO_CONDUCTOR_HOME, else './.video-conductor'
   */
  home?: string;
  /** Base of relative paths. @default process.cwd() */
  cwd?: string;
  /**
   * Whether opening the ledger applies pending migrations: `true` always, `false` never,
   * `'embedded'` only for the embedded PGlite ledger (a `DATABASE_URL` database is migrated
   * explicitly, with `migrate()` or `video-conductor migrate`).
   * @default 'embedded'
   */
  migrate?: boolean | 'embedded';
  /**
   * More conductor options (polling, budget, concurrency…). `budget` fields override the
   * `VIDEO_CONDUCTOR_MAX_USD_*` variables one by one. With the local provider,
   * `polling.intervalMs` defaults to its poll interval.
   * @default {}
   */
  conductor?: Omit<Partial<VideoConductorOptions>, 'provider' | 'imageProvider' | 'storage' | 'ledger'>;
  /**
   * Options of the local provider, over the `VIDEO_CONDUCTOR_LOCAL_*` variables.
   * @default {}
   */
  local?: LocalVideoProviderOptions;
  /**
   * Loads an optional peer (`pg`, `@electric-sql/pglite`, `@aws-sdk/client-s3`,
   * `@ring/video-conductor/s3`, `@runwayml/sdk`) by name; inject it to test what happens when one is missing.
   * @default a dynamic `import()` of the name
   */
  importModule?: (specifier: string) => Promise<unknown>;
}

/** What the environment chose, without secrets (no keys, no passwords). */
export interface VideoConductorEnvDescription {
  /** `xai`, `runway` or `local`. */
  provider: VideoConductorProviderName;
  /** `s3://bucket` (with the endpoint when set) or the fs directory. */
  storage: string;
  /** `postgres://host:port/database` or `pglite:<directory>`. */
  ledger: string;
  /** The home directory of the embedded defaults (absolute). */
  home: string;
  /** The spending limits in force, in USD (from the `VIDEO_CONDUCTOR_MAX_USD_*` variables and `options.conductor.budget`); `{}`: none. */
  budget: BudgetOptions;
}

/**
 * What {@link createVideoConductorFromEnv} returns: the conductor and the parts it was made
 * of, so callers can read the ledger, and must `close()` the pool, PGlite and server.
 */
export interface VideoConductorEnvironment {
  conductor: VideoConductor;
  provider: VideoProvider;
  imageProvider: ImageProvider;
  storage: Storage;
  ledger: PostgresLedger;
  /**
   * The ledger's database, for tools that share it (the pg-boss queue): its client (a `pg`
   * `Pool` or the embedded PGlite) and `DATABASE_URL` (`undefined` when embedded).
   */
  database: { client: SqlClient; url: string | undefined };
  /** What was chosen, for logs. */
  description: VideoConductorEnvDescription;
  /** Applies the ledger migrations this database has not had; returns their names. */
  migrate(): Promise<{ applied: string[] }>;
  /** Ends the pg pool or closes PGlite, stops the local server, destroys the S3 client. Idempotent. */
  close(): Promise<void>;
}

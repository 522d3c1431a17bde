/*
 * The migrations of the Postgres ledger, embedded in the bundle.
 *
 * The `.sql` files next to this module are the source of truth (readable, diffable, and
 * usable by other migration tools); the constants here hold the same text, because the
 * bundled `dist/postgres/index.js` cannot rely on finding files on disk at run time
 * (`renderPostgresMigrations()` gives users the SQL from the package itself). `test/postgres/migration-files.test.ts` fails when a constant and its file differ
 * by a single byte. To add a migration: write `000N_name.sql`, paste it verbatim into a new
 * constant (no backticks, backslashes or `${` in migration SQL), and append it to
 * {@link postgresMigrations}. Never edit a migration that was released: its checksum is
 * recorded in databases that applied it.
 *
 * Placeholders, replaced by {@link renderMigrationSql}:
 * - `{{schema}}.` — the quoted schema and a dot, or nothing when no schema is configured
 *   (the connection's `search_path` decides);
 * - `{{table}}` — the quoted table name;
 * - `{{table:suffix}}` — the quoted name `<table>_suffix` of an index or constraint, so
 *   several ledger tables can share a schema.
 */

/** One migration: a stable name (also the file name without `.sql`) and its SQL template. */
export interface PostgresMigration {
  /** E.g. `0001_generated_videos`; applied in the order of {@link postgresMigrations}. */
  readonly name: string;
  /** The SQL with placeholders; statements end with `;`. */
  readonly sql: string;
}

/** `migrations/0001_generated_videos.sql`: the `generated_videos` table, its constraints and indexes. */
export const migration0001GeneratedVideos: string = `-- 0001_generated_videos: the ledger table of @ring/video-conductor with its constraints and indexes.
-- One row per video job; column comments are in adapters/postgres/README.md.
-- Timestamps keep milliseconds, the precision of the ISO strings the ledger returns, so list
-- cursors and ordering agree exactly with what callers see.

CREATE TABLE {{schema}}.{{table}} (
  id uuid NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  status text NOT NULL,
  provider text NOT NULL,
  model text NOT NULL,
  quality_mode text NOT NULL,
  resolution text NOT NULL,
  duration_sec numeric NOT NULL,
  aspect_ratio text,
  operation text NOT NULL,
  prompt text NOT NULL,
  image_url text,
  source_video_url text,
  request_id text,
  idempotency_key text,
  estimated_cost_usd numeric NOT NULL,
  actual_cost_usd numeric,
  storage_key text,
  url text,
  temporary_url text,
  sha256 text,
  size_bytes bigint,
  output_duration_sec numeric,
  first_frame jsonb,
  thumbnail jsonb,
  error jsonb,
  audit jsonb NOT NULL DEFAULT '{}',
  metadata jsonb NOT NULL DEFAULT '{}',
  lease_owner text,
  lease_expires_at timestamptz(3),
  CONSTRAINT {{table:pkey}} PRIMARY KEY (id),
  CONSTRAINT {{table:idempotency_key_key}} UNIQUE (idempotency_key),
  CONSTRAINT {{table:status_check}} CHECK (status IN (
    'pending', 'submitted', 'generating', 'persisting', 'succeeded', 'persist_failed',
    'moderated', 'failed', 'expired', 'timed_out', 'cancelled'
  )),
  CONSTRAINT {{table:operation_check}} CHECK (operation IN ('generate', 'edit', 'extend')),
  CONSTRAINT {{table:audit_check}} CHECK (jsonb_typeof(audit) = 'object'),
  CONSTRAINT {{table:metadata_check}} CHECK (jsonb_typeof(metadata) = 'object')
);

-- Resuming by the provider's job id.
CREATE INDEX {{table:request_id_idx}} ON {{schema}}.{{table}} (request_id);

-- claimStale: active statuses, oldest update first.
CREATE INDEX {{table:status_updated_at_idx}} ON {{schema}}.{{table}} (status, updated_at);

-- list: newest first, keyset pagination on (created_at, id).
CREATE INDEX {{table:created_at_id_idx}} ON {{schema}}.{{table}} (created_at DESC, id DESC);

-- list filters on the audit fields.
CREATE INDEX {{table:pipeline_request_id_idx}} ON {{schema}}.{{table}} ((audit ->> 'pipelineRequestId'));
CREATE INDEX {{table:clip_id_idx}} ON {{schema}}.{{table}} ((audit ->> 'clipId'));
CREATE INDEX {{table:actor_id_idx}} ON {{schema}}.{{table}} ((audit ->> 'actorId'));
CREATE INDEX {{table:ref_code_idx}} ON {{schema}}.{{table}} ((audit ->> 'refCode'));
`;

/** `migrations/0002_conductor_notes.sql`: the `conductor_notes` column, so the conductor's notes leave the caller's metadata. */
export const migration0002ConductorNotes: string = `-- 0002_conductor_notes: the conductor's own notes on a job (requested quality mode, plan
-- upgrades, warnings, thumbnail request) get a column of their own, so the caller's metadata
-- is stored exactly as given. Rows written before keep their notes in
-- metadata.videoConductor, which the conductor still reads while this column is NULL.

ALTER TABLE {{schema}}.{{table}} ADD COLUMN conductor_notes jsonb;
ALTER TABLE {{schema}}.{{table}} ADD CONSTRAINT {{table:conductor_notes_check}} CHECK (conductor_notes IS NULL OR jsonb_typeof(conductor_notes) = 'object');
`;

/** `migrations/0003_queued_status.sql`: the `queued` status joins the status check. */
export const migration0003QueuedStatus: string = `-- 0003_queued_status: the status 'queued', for rows written ahead of their run (a queue's
-- enqueue, conductor.reserve): the row and its estimate exist, nothing was sent to a provider.
-- Both statements run in the migration's one transaction, so the table is never without a
-- status check.

ALTER TABLE {{schema}}.{{table}} DROP CONSTRAINT {{table:status_check}};
ALTER TABLE {{schema}}.{{table}} ADD CONSTRAINT {{table:status_check}} CHECK (status IN (
  'queued', 'pending', 'submitted', 'generating', 'persisting', 'succeeded', 'persist_failed',
  'moderated', 'failed', 'expired', 'timed_out', 'cancelled'
));
`;

/** Every migration, in the order they are applied. */
export const postgresMigrations: readonly PostgresMigration[] = [
  { name: '0001_generated_videos', sql: migration0001GeneratedVideos },
  { name: '0002_conductor_notes', sql: migration0002ConductorNotes },
  { name: '0003_queued_status', sql: migration0003QueuedStatus },
];

-- 0001_generated_videos: the ledger table of @ring/video-conductor with its constraints and indexes.
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

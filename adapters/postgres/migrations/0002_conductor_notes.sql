-- 0002_conductor_notes: the conductor's own notes on a job (requested quality mode, plan
-- upgrades, warnings, thumbnail request) get a column of their own, so the caller's metadata
-- is stored exactly as given. Rows written before keep their notes in
-- metadata.videoConductor, which the conductor still reads while this column is NULL.

ALTER TABLE {{schema}}.{{table}} ADD COLUMN conductor_notes jsonb;
ALTER TABLE {{schema}}.{{table}} ADD CONSTRAINT {{table:conductor_notes_check}} CHECK (conductor_notes IS NULL OR jsonb_typeof(conductor_notes) = 'object');

-- 0003_queued_status: the status 'queued', for rows written ahead of their run (a queue's
-- enqueue, conductor.reserve): the row and its estimate exist, nothing was sent to a provider.
-- Both statements run in the migration's one transaction, so the table is never without a
-- status check.

ALTER TABLE {{schema}}.{{table}} DROP CONSTRAINT {{table:status_check}};
ALTER TABLE {{schema}}.{{table}} ADD CONSTRAINT {{table:status_check}} CHECK (status IN (
  'queued', 'pending', 'submitted', 'generating', 'persisting', 'succeeded', 'persist_failed',
  'moderated', 'failed', 'expired', 'timed_out', 'cancelled'
));

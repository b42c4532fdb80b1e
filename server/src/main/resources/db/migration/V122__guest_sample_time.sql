-- When guests.last_sample was written. Ingest rewrites a guest's row only when its inventory
-- changed or its stored sample is a minute old; every report still moves last_seen_at (one
-- statement for all the report's guests). Null: written before this column (rewritten on the
-- guest's next report).
ALTER TABLE guests ADD COLUMN last_sample_at TIMESTAMP WITH TIME ZONE;

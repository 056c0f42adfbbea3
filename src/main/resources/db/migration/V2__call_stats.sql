-- The agent's per-call summary (CallStats), set on the final record; NULL for calls whose agent
-- reported none and for every row written before this migration.
-- One column of JSON text written by CallJson, like metadata, rather than a column per field:
-- the summary is only ever read and written whole (nothing filters or sorts on it), and new
-- fields then need no migration; rows with fewer fields still read (missing counts are 0).
ALTER TABLE calls ADD COLUMN stats VARCHAR;

-- The call's recording (dev.callbridge.call.Recording): durationMs, bytes, complete, and why not, or
-- when and by whom it was deleted. JSON text written by CallJson, like stats; NULL for calls never
-- recorded and for rows written before this migration. Only call.recording events write it, after
-- the call's final record, so a late snapshot can never undo it.
ALTER TABLE calls ADD COLUMN recording VARCHAR;

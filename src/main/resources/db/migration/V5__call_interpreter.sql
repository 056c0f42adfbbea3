-- An interpreted call's second party and both languages (dev.callbridge.call.Interpretation):
-- JSON text written by CallJson, like stats; NULL for every call that is not interpreted.
ALTER TABLE calls ADD COLUMN interpreter VARCHAR;

-- A voice webhook looks its CallSid up before it creates a call: a CallSid that has already
-- ended is a replay (Twilio's signatures carry no timestamp). Same syntax on H2 and PostgreSQL.
CREATE INDEX calls_provider_call_id ON calls (provider_call_id, provider);

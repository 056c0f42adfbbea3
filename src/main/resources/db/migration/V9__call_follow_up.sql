-- The follow-up a completed call gets (a WhatsApp template with the model's summary), as JSON:
-- written "pending" by the outbox in the transaction that stores the call's end, then replaced by
-- each call.followup event (sent, retrying, failed). Snapshots never touch it, like recording.
ALTER TABLE calls ADD COLUMN follow_up VARCHAR;

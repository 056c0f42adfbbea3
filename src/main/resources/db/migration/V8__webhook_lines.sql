-- The worker asks only for line heads: a due row is a head when no earlier row of its call and
-- subscription is still open. With status first, that question is one index seek per status
-- (the V6 line index has status nowhere, so it walked every delivered row of the line). Due rows
-- are read in next_attempt_at order per status from webhook_deliveries_due (V6), so a look stops
-- after the rows it hands out instead of sorting the whole backlog.
CREATE INDEX webhook_deliveries_open_line ON webhook_deliveries (status, call_id, subscription, id);

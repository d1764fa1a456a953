-- Batch order used to be encoded in created_at (now() + n µs per row of an insert), which put created_at up to
-- n µs after updated_at. The order now has its own column, filled from an identity sequence in insertion order, and
-- created_at is the plain insertion time again.
ALTER TABLE provisioning_item ADD COLUMN seq bigint;
-- existing items keep their order, and their created_at no longer runs ahead of updated_at
UPDATE provisioning_item i SET seq = o.n, created_at = LEAST(i.created_at, i.updated_at)
FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM provisioning_item) o
WHERE i.id = o.id;
ALTER TABLE provisioning_item ALTER COLUMN seq SET NOT NULL;
ALTER TABLE provisioning_item ALTER COLUMN seq ADD GENERATED ALWAYS AS IDENTITY;
SELECT setval(pg_get_serial_sequence('provisioning_item', 'seq'), coalesce(max(seq), 0) + 1, false)
FROM provisioning_item;

-- pages of a batch's items in batch order
DROP INDEX provisioning_item_batch_order_idx;
CREATE INDEX provisioning_item_batch_order_idx ON provisioning_item (provisioning_batch_id, seq);
-- a run's claim: the next unfinished items of its batch in batch order, read along this index (V4)
DROP INDEX provisioning_item_unfinished_idx;
CREATE INDEX provisioning_item_unfinished_idx ON provisioning_item (provisioning_batch_id, seq)
    WHERE completed_at IS NULL;

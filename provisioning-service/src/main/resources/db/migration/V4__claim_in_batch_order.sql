-- A run claims the next unfinished items of its batch in batch order (created_at, id), 32 at a time. The old partial
-- index (batch, prov_status) gave them unordered: every claim read and sorted all of the batch's unfinished items, so
-- a run cost O(n²) (100 000 items: ~3 000 claims, each sorting up to 100 000 rows). In claim order, a claim reads
-- its chunk and stops. prov_status leaves the index too, so the status updates along an item's way can be HOT.
DROP INDEX provisioning_item_pending_idx;
CREATE INDEX provisioning_item_unfinished_idx ON provisioning_item (provisioning_batch_id, created_at, id)
    WHERE completed_at IS NULL;

-- Per-status item counts of each batch, kept by the database in the same transaction as every write to the items,
-- so that a batch's `counts` (batch list and detail) are exact without reading the batch's items: a batch of a
-- million items used to be counted row by row on every list page.
--
-- A count is the sum of its stripes. Each statement adds its deltas to the stripe of the backend that runs it
-- (pg_backend_pid() % 8), so a run's workers, which move items of one batch from status to status on many
-- connections at once, do not queue on one row per status. Rows are never removed while the batch lives (a count
-- that reaches 0 stays as 0); they go with their batch.
CREATE TABLE provisioning_item_count (
    provisioning_batch_id  uuid         NOT NULL REFERENCES provisioning_batch (id) ON DELETE CASCADE,
    prov_status            varchar(32)  NOT NULL,
    stripe                 smallint     NOT NULL,
    n                      bigint       NOT NULL,
    PRIMARY KEY (provisioning_batch_id, prov_status, stripe)
);

-- Statement-level triggers with transition tables: one bulk INSERT of 10 000 items adds one delta per status, not
-- 10 000. Deltas are applied in key order, so two statements never take the same rows in opposite orders.
CREATE FUNCTION provisioning_item_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO provisioning_item_count AS c (provisioning_batch_id, prov_status, stripe, n)
        SELECT provisioning_batch_id, prov_status, pg_backend_pid() % 8, count(*)
        FROM new_items GROUP BY provisioning_batch_id, prov_status ORDER BY 1, 2
        ON CONFLICT (provisioning_batch_id, prov_status, stripe) DO UPDATE SET n = c.n + excluded.n;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO provisioning_item_count AS c (provisioning_batch_id, prov_status, stripe, n)
        SELECT d.provisioning_batch_id, d.prov_status, pg_backend_pid() % 8, sum(d.delta)
        FROM (SELECT provisioning_batch_id, prov_status, 1 AS delta FROM new_items
              UNION ALL
              SELECT provisioning_batch_id, prov_status, -1 FROM old_items) d
        GROUP BY d.provisioning_batch_id, d.prov_status HAVING sum(d.delta) <> 0 ORDER BY 1, 2
        ON CONFLICT (provisioning_batch_id, prov_status, stripe) DO UPDATE SET n = c.n + excluded.n;
    ELSE
        -- items deleted with their batch (ON DELETE CASCADE): the batch row is already gone, and so are (or soon
        -- will be) its counts; only the items of batches that stay are subtracted
        INSERT INTO provisioning_item_count AS c (provisioning_batch_id, prov_status, stripe, n)
        SELECT o.provisioning_batch_id, o.prov_status, pg_backend_pid() % 8, -count(*)
        FROM old_items o JOIN provisioning_batch b ON b.id = o.provisioning_batch_id
        GROUP BY o.provisioning_batch_id, o.prov_status ORDER BY 1, 2
        ON CONFLICT (provisioning_batch_id, prov_status, stripe) DO UPDATE SET n = c.n + excluded.n;
    END IF;
    RETURN NULL;
END
$$;

-- the items as they are now, counted once, before the triggers take over (no writer meanwhile)
LOCK TABLE provisioning_item IN SHARE MODE;
INSERT INTO provisioning_item_count (provisioning_batch_id, prov_status, stripe, n)
SELECT provisioning_batch_id, prov_status, 0, count(*) FROM provisioning_item GROUP BY provisioning_batch_id, prov_status;

CREATE TRIGGER provisioning_item_count_insert AFTER INSERT ON provisioning_item
    REFERENCING NEW TABLE AS new_items FOR EACH STATEMENT EXECUTE FUNCTION provisioning_item_count_apply();
CREATE TRIGGER provisioning_item_count_update AFTER UPDATE ON provisioning_item
    REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items
    FOR EACH STATEMENT EXECUTE FUNCTION provisioning_item_count_apply();
CREATE TRIGGER provisioning_item_count_delete AFTER DELETE ON provisioning_item
    REFERENCING OLD TABLE AS old_items FOR EACH STATEMENT EXECUTE FUNCTION provisioning_item_count_apply();

-- The items list filters a batch by status and by domain, in batch order: each filter has its index, so a page of
-- a rare status (ERROR among a million items) reads its rows and stops, instead of walking the whole batch.
-- prov_status in an index makes status updates non-HOT (V4 had taken it out for that); a filtered list that reads
-- the batch is the worse cost.
CREATE INDEX provisioning_item_status_order_idx ON provisioning_item (provisioning_batch_id, prov_status, seq);
CREATE INDEX provisioning_item_domain_order_idx ON provisioning_item (provisioning_batch_id, domain, seq);

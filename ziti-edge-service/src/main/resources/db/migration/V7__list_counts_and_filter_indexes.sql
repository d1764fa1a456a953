-- Exact list totals without scanning, and an index for every field the ZitiQL filters and sorts of the large lists
-- accept. Both are described in the module README, "Counts and indexes of lists".

-- Row counts kept by triggers in the writing transaction. Each table has 16 stripes; a writer adds its delta to a
-- stripe no other transaction holds (SKIP LOCKED), and when all are held it adds a new stripe row instead, so writers
-- never wait on each other here (no hot row, no deadlock). A table's count is the sum of its stripes.
CREATE TABLE ziti_row_count (
    table_name text   NOT NULL,
    stripe     int    NOT NULL,
    n          bigint NOT NULL,
    PRIMARY KEY (table_name, stripe)
);
CREATE SEQUENCE ziti_row_count_extra_stripe START 16;

CREATE FUNCTION ziti_row_count_add(counted text, delta bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    free_stripe int;
BEGIN
    IF delta = 0 THEN
        RETURN;
    END IF;
    SELECT stripe INTO free_stripe FROM ziti_row_count WHERE table_name = counted
        ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED;
    IF FOUND THEN
        UPDATE ziti_row_count SET n = n + delta WHERE table_name = counted AND stripe = free_stripe;
    ELSE
        INSERT INTO ziti_row_count (table_name, stripe, n)
        VALUES (counted, nextval('ziti_row_count_extra_stripe')::int, delta);
    END IF;
END
$$;

-- Statement-level triggers read the transition tables, so one bulk INSERT ... SELECT adds one delta, not one per row.
CREATE FUNCTION ziti_row_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ziti_row_count_add(TG_TABLE_NAME, (SELECT count(*) FROM inserted_rows));
    RETURN NULL;
END
$$;

CREATE FUNCTION ziti_row_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM ziti_row_count_add(TG_TABLE_NAME, -(SELECT count(*) FROM deleted_rows));
    RETURN NULL;
END
$$;

-- TRUNCATE holds the table exclusively, so no writer holds a stripe of it: the count restarts at zero.
CREATE FUNCTION ziti_row_count_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM ziti_row_count WHERE table_name = TG_TABLE_NAME AND stripe >= 16;
    UPDATE ziti_row_count SET n = 0 WHERE table_name = TG_TABLE_NAME;
    RETURN NULL;
END
$$;

DO $$
DECLARE
    counted text;
BEGIN
    FOREACH counted IN ARRAY ARRAY['identity', 'enrollment', 'api_session', 'session', 'service', 'service_policy',
                                   'edge_router', 'ca'] LOOP
        -- the triggers come first: creating them locks out writers until this migration commits, so the count
        -- below cannot miss a concurrent write
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS inserted_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION ziti_row_count_inserted()', counted || '_count_insert', counted);
        EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS deleted_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION ziti_row_count_deleted()', counted || '_count_delete', counted);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION ziti_row_count_truncated()', counted || '_count_truncate', counted);
        EXECUTE format('INSERT INTO ziti_row_count (table_name, stripe, n) '
                       'SELECT %L, stripe, CASE WHEN stripe = 0 THEN (SELECT count(*) FROM %I) ELSE 0 END '
                       'FROM generate_series(0, 15) AS stripe', counted, counted);
    END LOOP;
END
$$;

-- One index per filterable field of the large lists. Strings are compared and sorted in byte order
-- (COLLATE "C", as the filters generate them), so their indexes use that collation; the unique indexes and foreign
-- key lookups keep their own database-collation indexes.
DO $$
DECLARE
    field text;
BEGIN
    FOREACH field IN ARRAY ARRAY[
            'identity.name', 'identity.type', 'identity.external_id', 'identity.auth_policy_id',
            'enrollment.token', 'enrollment.identity_id', 'enrollment.edge_router_id', 'enrollment.transit_router_id',
            'enrollment.ca_id',
            'session.token', 'session.api_session_id', 'session.service_id', 'session.type',
            'api_session.identity_id', 'api_session.authenticator_id', 'api_session.ip_address',
            'service.name', 'service.terminator_strategy',
            'service_policy.name', 'service_policy.type', 'service_policy.semantic'] LOOP
        EXECUTE format('CREATE INDEX %I ON %I (%I COLLATE "C")', replace(field, '.', '_') || '_c_idx',
                       split_part(field, '.', 1), split_part(field, '.', 2));
    END LOOP;
    FOREACH field IN ARRAY ARRAY[
            'identity.created_at', 'identity.updated_at', 'identity.is_system', 'identity.is_admin',
            'identity.is_default_admin', 'identity.disabled',
            'enrollment.created_at', 'enrollment.updated_at', 'enrollment.is_system',
            'session.created_at', 'session.updated_at', 'session.is_system',
            'api_session.created_at', 'api_session.updated_at', 'api_session.last_activity_at',
            'service.created_at', 'service.updated_at', 'service.is_system', 'service.encryption_required',
            'service_policy.created_at', 'service_policy.updated_at', 'service_policy.is_system'] LOOP
        EXECUTE format('CREATE INDEX %I ON %I (%I)', replace(field, '.', '_') || '_idx',
                       split_part(field, '.', 1), split_part(field, '.', 2));
    END LOOP;
END
$$;

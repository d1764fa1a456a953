-- Exact totalRecords without scanning (README, "List counts"). Every INSERT, UPDATE and DELETE statement on a listed
-- table appends, in its own transaction, one delta row per changed count: all rows (field '') and each counted field's
-- value. Statement-level triggers with transition tables do it once per statement, so a bulk INSERT ... SELECT of a
-- million rows adds a handful of delta rows. Appending never waits on another writer (no hot row, no deadlock);
-- the service folds the deltas into list_count now and then. A count is list_count + list_count_delta for its key.
CREATE TABLE list_count (
    relation text   NOT NULL,
    field    text   NOT NULL,
    value    text   NOT NULL,
    n        bigint NOT NULL,
    PRIMARY KEY (relation, field, value)
);

CREATE TABLE list_count_delta (
    relation text   NOT NULL,
    field    text   NOT NULL,
    value    text   NOT NULL,
    n        bigint NOT NULL
);
CREATE INDEX list_count_delta_key_idx ON list_count_delta (relation, field, value);

-- Trigger arguments: pairs of (CQL field name, SQL expression over the changed row x giving the stored value). A
-- string field is stored as lower(f_unaccent(value)), as CQL equality compares it.
CREATE FUNCTION list_count_changed() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
    keys    text := format('(VALUES (%L, %L)', '', '');
    changed text;
BEGIN
    FOR i IN 0 .. TG_NARGS / 2 - 1 LOOP
        keys := keys || format(', (%L, (%s)::text)', TG_ARGV[2 * i], TG_ARGV[2 * i + 1]);
    END LOOP;
    keys := keys || ') k(field, value)';
    changed := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT r.*, 1 AS d FROM new_rows r'
        WHEN 'DELETE' THEN 'SELECT r.*, -1 AS d FROM old_rows r'
        ELSE 'SELECT r.*, 1 AS d FROM new_rows r UNION ALL SELECT r.*, -1 AS d FROM old_rows r'
    END;
    EXECUTE format('INSERT INTO list_count_delta (relation, field, value, n) '
                   || 'SELECT %L, k.field, k.value, sum(x.d) FROM (%s) x CROSS JOIN LATERAL %s '
                   || 'WHERE k.value IS NOT NULL GROUP BY k.field, k.value HAVING sum(x.d) <> 0',
                   TG_TABLE_NAME, changed, keys);
    RETURN NULL;
END
$$;

CREATE FUNCTION list_count_truncated() RETURNS trigger LANGUAGE plpgsql AS
$$
BEGIN
    DELETE FROM list_count WHERE relation = TG_TABLE_NAME;
    DELETE FROM list_count_delta WHERE relation = TG_TABLE_NAME;
    RETURN NULL;
END
$$;

CREATE TRIGGER entitlement_count_insert AFTER INSERT ON entitlement REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_changed('tenantId', 'x.tenant_id',
        'applicationId', 'lower(f_unaccent(x.application_id))', 'applicationName', 'lower(f_unaccent(x.application_name))',
        'applicationVersion', 'lower(f_unaccent(x.application_version))');
CREATE TRIGGER entitlement_count_update AFTER UPDATE ON entitlement REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_changed('tenantId', 'x.tenant_id',
        'applicationId', 'lower(f_unaccent(x.application_id))', 'applicationName', 'lower(f_unaccent(x.application_name))',
        'applicationVersion', 'lower(f_unaccent(x.application_version))');
CREATE TRIGGER entitlement_count_delete AFTER DELETE ON entitlement REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_changed('tenantId', 'x.tenant_id',
        'applicationId', 'lower(f_unaccent(x.application_id))', 'applicationName', 'lower(f_unaccent(x.application_name))',
        'applicationVersion', 'lower(f_unaccent(x.application_version))');
CREATE TRIGGER entitlement_count_truncate AFTER TRUNCATE ON entitlement
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_truncated();

CREATE TRIGGER flow_count_insert AFTER INSERT ON flow REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_changed('tenantId', 'x.tenant_id', 'type', 'x.type', 'status', 'x.status');
CREATE TRIGGER flow_count_update AFTER UPDATE ON flow REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_changed('tenantId', 'x.tenant_id', 'type', 'x.type', 'status', 'x.status');
CREATE TRIGGER flow_count_delete AFTER DELETE ON flow REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_changed('tenantId', 'x.tenant_id', 'type', 'x.type', 'status', 'x.status');
CREATE TRIGGER flow_count_truncate AFTER TRUNCATE ON flow
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_truncated();

CREATE TRIGGER application_flow_count_insert AFTER INSERT ON application_flow REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_changed('tenantId', 'x.tenant_id',
        'applicationId', 'lower(f_unaccent(x.application_id))', 'applicationName', 'lower(f_unaccent(x.application_name))',
        'applicationVersion', 'lower(f_unaccent(x.application_version))', 'type', 'x.type', 'status', 'x.status');
CREATE TRIGGER application_flow_count_update AFTER UPDATE ON application_flow REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_changed('tenantId', 'x.tenant_id',
        'applicationId', 'lower(f_unaccent(x.application_id))', 'applicationName', 'lower(f_unaccent(x.application_name))',
        'applicationVersion', 'lower(f_unaccent(x.application_version))', 'type', 'x.type', 'status', 'x.status');
CREATE TRIGGER application_flow_count_delete AFTER DELETE ON application_flow REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_changed('tenantId', 'x.tenant_id',
        'applicationId', 'lower(f_unaccent(x.application_id))', 'applicationName', 'lower(f_unaccent(x.application_name))',
        'applicationVersion', 'lower(f_unaccent(x.application_version))', 'type', 'x.type', 'status', 'x.status');
CREATE TRIGGER application_flow_count_truncate AFTER TRUNCATE ON application_flow
    FOR EACH STATEMENT EXECUTE FUNCTION list_count_truncated();

-- The counts of the rows already there.
INSERT INTO list_count (relation, field, value, n)
SELECT 'entitlement', k.field, k.value, count(*) FROM entitlement x
    CROSS JOIN LATERAL (VALUES ('', ''), ('tenantId', x.tenant_id::text),
        ('applicationId', lower(f_unaccent(x.application_id))), ('applicationName', lower(f_unaccent(x.application_name))),
        ('applicationVersion', lower(f_unaccent(x.application_version)))) k(field, value)
    GROUP BY k.field, k.value;
INSERT INTO list_count (relation, field, value, n)
SELECT 'flow', k.field, k.value, count(*) FROM flow x
    CROSS JOIN LATERAL (VALUES ('', ''), ('tenantId', x.tenant_id::text), ('type', x.type), ('status', x.status)) k(field, value)
    GROUP BY k.field, k.value;
INSERT INTO list_count (relation, field, value, n)
SELECT 'application_flow', k.field, k.value, count(*) FROM application_flow x
    CROSS JOIN LATERAL (VALUES ('', ''), ('tenantId', x.tenant_id::text),
        ('applicationId', lower(f_unaccent(x.application_id))), ('applicationName', lower(f_unaccent(x.application_name))),
        ('applicationVersion', lower(f_unaccent(x.application_version))), ('type', x.type), ('status', x.status)) k(field, value)
    GROUP BY k.field, k.value;

-- Indexes for every field the list endpoints' CQL accepts (the others are served by primary keys and V2's indexes).
-- String fields are matched as lower(f_unaccent(column)) in the "C" collation, equality or prefix range.
CREATE INDEX entitlement_application_id_cql_idx ON entitlement ((lower(f_unaccent(application_id)) COLLATE "C"));
CREATE INDEX entitlement_application_name_cql_idx ON entitlement ((lower(f_unaccent(application_name)) COLLATE "C"));
CREATE INDEX entitlement_application_version_cql_idx ON entitlement ((lower(f_unaccent(application_version)) COLLATE "C"));

CREATE INDEX flow_type_idx ON flow (type);
CREATE INDEX flow_status_idx ON flow (status);
CREATE INDEX flow_started_at_idx ON flow (started_at);
CREATE INDEX flow_finished_at_idx ON flow (finished_at);

CREATE INDEX application_flow_application_id_cql_idx ON application_flow ((lower(f_unaccent(application_id)) COLLATE "C"));
CREATE INDEX application_flow_application_name_cql_idx ON application_flow ((lower(f_unaccent(application_name)) COLLATE "C"));
CREATE INDEX application_flow_application_version_cql_idx ON application_flow ((lower(f_unaccent(application_version)) COLLATE "C"));
CREATE INDEX application_flow_type_idx ON application_flow (type);
CREATE INDEX application_flow_status_idx ON application_flow (status);
CREATE INDEX application_flow_started_at_idx ON application_flow (started_at);
CREATE INDEX application_flow_finished_at_idx ON application_flow (finished_at);

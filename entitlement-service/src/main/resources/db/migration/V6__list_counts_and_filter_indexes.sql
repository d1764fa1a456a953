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
CREATE FUNCTION list_count_keys(args text[]) RETURNS text LANGUAGE plpgsql IMMUTABLE AS
$$
DECLARE
    keys  text := format('(VALUES (%L, %L)', '', '');
    first int  := array_lower(args, 1);   -- TG_ARGV starts at 0, an ARRAY[] literal at 1
BEGIN
    FOR i IN 0 .. coalesce(array_length(args, 1), 0) / 2 - 1 LOOP
        keys := keys || format(', (%L, (%s)::text)', args[first + 2 * i], args[first + 2 * i + 1]);
    END LOOP;
    RETURN keys || ') k(field, value)';
END
$$;

CREATE FUNCTION list_count_changed() RETURNS trigger LANGUAGE plpgsql AS
$$
DECLARE
    changed text := CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT r.*, 1 AS d FROM new_rows r'
        WHEN 'DELETE' THEN 'SELECT r.*, -1 AS d FROM old_rows r'
        ELSE 'SELECT r.*, 1 AS d FROM new_rows r UNION ALL SELECT r.*, -1 AS d FROM old_rows r'
    END;
BEGIN
    EXECUTE format('INSERT INTO list_count_delta (relation, field, value, n) '
                   || 'SELECT %L, k.field, k.value, sum(x.d) FROM (%s) x CROSS JOIN LATERAL %s '
                   || 'WHERE k.value IS NOT NULL GROUP BY k.field, k.value HAVING sum(x.d) <> 0',
                   TG_TABLE_NAME, changed, list_count_keys(TG_ARGV));
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

-- Per table: its counted fields, its triggers, and the counts of the rows already there.
DO
$$
DECLARE
    t     record;
    args  text;
    event text;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('entitlement', ARRAY['tenantId', 'x.tenant_id',
            'applicationId', 'lower(f_unaccent(x.application_id))', 'applicationName', 'lower(f_unaccent(x.application_name))',
            'applicationVersion', 'lower(f_unaccent(x.application_version))']),
        ('flow', ARRAY['tenantId', 'x.tenant_id', 'type', 'x.type', 'status', 'x.status']),
        ('application_flow', ARRAY['tenantId', 'x.tenant_id',
            'applicationId', 'lower(f_unaccent(x.application_id))', 'applicationName', 'lower(f_unaccent(x.application_name))',
            'applicationVersion', 'lower(f_unaccent(x.application_version))', 'type', 'x.type', 'status', 'x.status'])
    ) AS v(relation, fields) LOOP
        args := (SELECT string_agg(quote_literal(a), ', ') FROM unnest(t.fields) a);
        FOREACH event IN ARRAY ARRAY['INSERT', 'UPDATE', 'DELETE'] LOOP
            EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION list_count_changed(%s)',
                           t.relation || '_count_' || lower(event), event, t.relation,
                           CASE event WHEN 'INSERT' THEN 'NEW TABLE AS new_rows' WHEN 'DELETE' THEN 'OLD TABLE AS old_rows'
                               ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END, args);
        END LOOP;
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION list_count_truncated()',
                       t.relation || '_count_truncate', t.relation);
        EXECUTE format('INSERT INTO list_count (relation, field, value, n) SELECT %L, k.field, k.value, count(*) '
                       || 'FROM %I x CROSS JOIN LATERAL %s WHERE k.value IS NOT NULL GROUP BY k.field, k.value',
                       t.relation, t.relation, list_count_keys(t.fields));
    END LOOP;
END
$$;

-- Indexes for every field the list endpoints' CQL accepts (the others are served by primary keys and V2's indexes).
-- String fields are matched as lower(f_unaccent(column)) in the "C" collation, by equality or prefix range.
DO
$$
DECLARE
    t      record;
    col    text;
BEGIN
    FOR t IN SELECT * FROM (VALUES
        ('entitlement', ARRAY['application_id', 'application_name', 'application_version'], ARRAY[]::text[]),
        ('flow', ARRAY[]::text[], ARRAY['type', 'status', 'started_at', 'finished_at']),
        ('application_flow', ARRAY['application_id', 'application_name', 'application_version'],
            ARRAY['type', 'status', 'started_at', 'finished_at'])
    ) AS v(relation, strings, plain) LOOP
        FOREACH col IN ARRAY t.strings LOOP
            EXECUTE format('CREATE INDEX %I ON %I ((lower(f_unaccent(%I)) COLLATE "C"))',
                           t.relation || '_' || col || '_cql_idx', t.relation, col);
        END LOOP;
        FOREACH col IN ARRAY t.plain LOOP
            EXECUTE format('CREATE INDEX %I ON %I (%I)', t.relation || '_' || col || '_idx', t.relation, col);
        END LOOP;
    END LOOP;
END
$$;

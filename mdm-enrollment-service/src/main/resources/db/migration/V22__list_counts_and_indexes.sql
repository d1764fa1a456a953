-- Exact totalDocs without scanning (README "Lists: counts and indexes").
-- How many rows a list has, per list, organisation and state, kept as signed deltas: triggers add one row per
-- statement and group (transition tables, so a bulk INSERT adds its rows' counts in one insert), in the transaction
-- that writes the rows. Writers only ever insert here, so they never wait for each other on a counter row (no hot
-- row, no lock-order deadlock with the organisation lock token creation takes); a list's total is the sum of its
-- scope's few rows, and mdm_list_count_compact() (scheduled by the service) folds each scope's deltas into one row.
-- Organisation-wide lists use organization_id = '' (the organisation list); lists without a state use state = ''.
-- Soft-deleted rows (deleted_at set) are not counted: the lists never show them.
CREATE TABLE mdm_list_count (
    list            varchar(32) NOT NULL,
    organization_id varchar(24) NOT NULL,
    state           varchar(16) NOT NULL,
    n               bigint      NOT NULL
);
CREATE INDEX mdm_list_count_scope_idx ON mdm_list_count (list, organization_id, state);

-- TG_ARGV: [0] the organisation column ('' = one count for the whole table), [1] the state column ('' = none),
-- [2] the soft-delete column ('' = none).
CREATE FUNCTION mdm_list_count_maintain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    org   text := CASE WHEN TG_ARGV[0] = '' THEN '''''' ELSE quote_ident(TG_ARGV[0]) END;
    state text := CASE WHEN TG_ARGV[1] = '' THEN '''''' ELSE quote_ident(TG_ARGV[1]) || '::text' END;
    live  text := CASE WHEN TG_ARGV[2] = '' THEN 'true' ELSE quote_ident(TG_ARGV[2]) || ' IS NULL' END;
    added   text := format('SELECT %s AS o, %s AS s, 1 AS d FROM new_rows WHERE %s', org, state, live);
    removed text := format('SELECT %s AS o, %s AS s, -1 AS d FROM old_rows WHERE %s', org, state, live);
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        DELETE FROM mdm_list_count WHERE list = TG_TABLE_NAME;
        RETURN NULL;
    END IF;
    -- an update that changes neither organisation, state nor deletion adds nothing
    EXECUTE format('INSERT INTO mdm_list_count (list, organization_id, state, n) '
                       || 'SELECT %L, o, s, sum(d) FROM (%s) r GROUP BY o, s HAVING sum(d) <> 0',
                   TG_TABLE_NAME,
                   CASE TG_OP WHEN 'INSERT' THEN added
                              WHEN 'DELETE' THEN removed
                              ELSE added || ' UNION ALL ' || removed END);
    RETURN NULL;
END
$$;

-- Folds the scopes that have several delta rows into one row each (a scope whose sum is 0 keeps none). Deltas that
-- commit meanwhile are not in this statement's snapshot and stay for the next run. Returns the rows removed.
CREATE FUNCTION mdm_list_count_compact() RETURNS bigint LANGUAGE sql AS $$
    WITH busy AS (
        SELECT list, organization_id, state FROM mdm_list_count GROUP BY 1, 2, 3 HAVING count(*) > 1
    ), moved AS (
        DELETE FROM mdm_list_count c USING busy b
        WHERE c.list = b.list AND c.organization_id = b.organization_id AND c.state = b.state
        RETURNING c.list, c.organization_id, c.state, c.n
    ), folded AS (
        INSERT INTO mdm_list_count (list, organization_id, state, n)
        SELECT list, organization_id, state, sum(n) FROM moved GROUP BY 1, 2, 3 HAVING sum(n) <> 0
    )
    SELECT count(*) FROM moved
$$;

-- PostgreSQL allows transition tables only on single-event triggers: one trigger per event and table, created here
-- from one list of (table, organisation column, state column, soft-delete column).
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES ('win_enrollment_token', 'organization_id', 'state', ''),
                                   ('win_device', 'organization_id', 'state', ''),
                                   ('mdm_user', 'organization_id', '', 'deleted_at'),
                                   ('win_policy', 'organization_id', '', 'deleted_at'),
                                   ('organization', '', '', '')) AS lists (tab, org, state, deleted)
    LOOP
        EXECUTE format('CREATE TRIGGER %1$I AFTER INSERT ON %2$I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT '
                           || 'EXECUTE FUNCTION mdm_list_count_maintain(%3$L, %4$L, %5$L)',
                       t.tab || '_count_ins', t.tab, t.org, t.state, t.deleted);
        EXECUTE format('CREATE TRIGGER %1$I AFTER UPDATE ON %2$I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                           || 'FOR EACH STATEMENT EXECUTE FUNCTION mdm_list_count_maintain(%3$L, %4$L, %5$L)',
                       t.tab || '_count_upd', t.tab, t.org, t.state, t.deleted);
        EXECUTE format('CREATE TRIGGER %1$I AFTER DELETE ON %2$I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT '
                           || 'EXECUTE FUNCTION mdm_list_count_maintain(%3$L, %4$L, %5$L)',
                       t.tab || '_count_del', t.tab, t.org, t.state, t.deleted);
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT '
                           || 'EXECUTE FUNCTION mdm_list_count_maintain()', t.tab || '_count_trunc', t.tab);
    END LOOP;
END
$$;

-- The rows that exist already. Flyway runs this file in one transaction, and the service is not serving yet.
INSERT INTO mdm_list_count (list, organization_id, state, n)
SELECT 'win_enrollment_token', organization_id, state, count(*) FROM win_enrollment_token GROUP BY 2, 3
UNION ALL
SELECT 'win_device', organization_id, state, count(*) FROM win_device GROUP BY 2, 3
UNION ALL
SELECT 'mdm_user', organization_id, '', count(*) FROM mdm_user WHERE deleted_at IS NULL GROUP BY 2
UNION ALL
SELECT 'win_policy', organization_id, '', count(*) FROM win_policy WHERE deleted_at IS NULL GROUP BY 2
UNION ALL
SELECT 'organization', '', '', count(*) FROM organization HAVING count(*) > 0;

-- Indexes for what the lists filter and sort by (each leads with the organisation, as every list is scoped by it).
-- Tokens: the page in createdAt order exists (win_enrollment_token_org_idx); by employee, by legacy policy, by
-- policy assignment (win_policy_assignment_policy_idx exists), by segment (V20). The employee indexes lead with the
-- user (who belongs to one organisation), so they also serve the lookups by user alone: a user's delete check and
-- discovery's newest live token of an e-mail.
CREATE INDEX win_enrollment_token_user_idx ON win_enrollment_token (mdm_user_id, created_at);
CREATE INDEX win_enrollment_token_policy_idx ON win_enrollment_token (win_policy_id) WHERE win_policy_id IS NOT NULL;
CREATE INDEX win_enrollment_token_org_updated_idx ON win_enrollment_token (organization_id, updated_at);
CREATE INDEX win_enrollment_token_org_expire_idx ON win_enrollment_token (organization_id, expire_at);
CREATE INDEX win_enrollment_token_org_name_idx ON win_enrollment_token (organization_id, display_name);
-- Devices: by employee, by state; by token is the unique win_device_token_uq.
CREATE INDEX win_device_user_idx ON win_device (mdm_user_id, created_at);
CREATE INDEX win_device_state_idx ON win_device (organization_id, state, created_at);
CREATE INDEX win_device_org_seen_idx ON win_device (organization_id, last_seen_at);
-- Users and policies: the live rows of an organisation, newest first or by name/e-mail.
CREATE INDEX mdm_user_org_idx ON mdm_user (organization_id, created_at) WHERE deleted_at IS NULL;
CREATE INDEX mdm_user_org_email_idx ON mdm_user (organization_id, email) WHERE deleted_at IS NULL;
-- Discovery finds an e-mail's users in every organisation, ignoring case.
CREATE INDEX mdm_user_lower_email_idx ON mdm_user (lower(email));
CREATE INDEX win_policy_org_name_idx ON win_policy (organization_id, name) WHERE deleted_at IS NULL;
-- Organisations: by id (primary key), by slug (organization_slug_uq on lower(slug)), newest first.
CREATE INDEX organization_created_idx ON organization (created_at);

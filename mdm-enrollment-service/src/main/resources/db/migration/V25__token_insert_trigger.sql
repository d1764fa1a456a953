-- A token creation's cost inside PostgreSQL (README "Quota", "Lists: counts and indexes"). Measured with EXPLAIN
-- ANALYZE of the admitted insert, the two statement-level INSERT triggers on win_enrollment_token took more time than
-- the insert with its indexes:
--  * the list count trigger (mdm_list_count_maintain) builds its statement as text and EXECUTEs it, so it is parsed
--    and planned again on every call;
--  * the counter update of the organisation fired the organisation's own list count UPDATE trigger, the same dynamic
--    statement again, which can never count anything: the organisation list has no organisation, state or
--    soft-delete column, so an update adds as many rows as it removes.

-- The organisations' list count does not change on update (see above): the trigger had nothing to do.
DROP TRIGGER organization_count_upd ON organization;

-- One trigger for a token INSERT, with static statements (planned once per session): the list count delta and the
-- counter of PENDING tokens, as mdm_list_count_maintain and win_pending_tokens_maintain do for every other event.
-- Several organisations in one statement are locked in id order first, so that two such statements cannot deadlock.
CREATE FUNCTION win_enrollment_token_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    lowest varchar(24);
    highest varchar(24);
BEGIN
    INSERT INTO mdm_list_count (list, organization_id, state, n)
    SELECT 'win_enrollment_token', organization_id, state::text, count(*) FROM new_rows GROUP BY 2, 3;
    SELECT min(organization_id), max(organization_id) INTO lowest, highest FROM new_rows WHERE state = 'PENDING';
    IF lowest IS NULL THEN
        RETURN NULL;
    END IF;
    IF lowest <> highest THEN
        PERFORM 1 FROM organization
        WHERE id IN (SELECT organization_id FROM new_rows WHERE state = 'PENDING') ORDER BY id FOR NO KEY UPDATE;
    END IF;
    UPDATE organization o SET win_pending_tokens = o.win_pending_tokens + d.k
    FROM (SELECT organization_id, count(*) AS k FROM new_rows WHERE state = 'PENDING' GROUP BY organization_id) d
    WHERE o.id = d.organization_id;
    RETURN NULL;
END $$;

DROP TRIGGER win_enrollment_token_count_ins ON win_enrollment_token;
DROP TRIGGER win_enrollment_token_pending_ins ON win_enrollment_token;
CREATE TRIGGER win_enrollment_token_ins AFTER INSERT ON win_enrollment_token
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION win_enrollment_token_inserted();

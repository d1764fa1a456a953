-- Token quota in constant time (README "Quota"): the organisation row counts its tokens whose stored state is
-- PENDING, so the quota check no longer counts the organisation's live tokens (a cost that grew with every token).
-- Live = PENDING and unexpired = win_pending_tokens minus the PENDING tokens already past their expiry that the sweep
-- has not stored as EXPIRED yet (at most one sweep period's worth), read through an index.
ALTER TABLE organization ADD COLUMN win_pending_tokens bigint NOT NULL DEFAULT 0;
UPDATE organization o SET win_pending_tokens = (SELECT count(*) FROM win_enrollment_token t
                                                WHERE t.organization_id = o.id AND t.state = 'PENDING');
CREATE INDEX win_enrollment_token_org_pending_idx ON win_enrollment_token (organization_id, expire_at)
    WHERE state = 'PENDING';

-- Kept by statement-level triggers in the writing transaction, for every writer (API, sweep, enrollment, bulk SQL).
-- Only organisations whose count changes are touched, locked in id order so that two multi-organisation statements
-- cannot deadlock; a token update that leaves its state alone (PUT) touches no organisation.
CREATE FUNCTION win_pending_tokens_maintain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    orgs varchar(24)[];
    deltas bigint[];
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE organization SET win_pending_tokens = 0 WHERE win_pending_tokens <> 0;
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(organization_id ORDER BY organization_id), array_agg(k ORDER BY organization_id)
        INTO orgs, deltas
        FROM (SELECT organization_id, count(*) AS k FROM new_rows WHERE state = 'PENDING' GROUP BY organization_id) d;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(organization_id ORDER BY organization_id), array_agg(k ORDER BY organization_id)
        INTO orgs, deltas
        FROM (SELECT organization_id, -count(*) AS k FROM old_rows WHERE state = 'PENDING' GROUP BY organization_id) d;
    ELSE
        SELECT array_agg(organization_id ORDER BY organization_id), array_agg(k ORDER BY organization_id)
        INTO orgs, deltas
        FROM (SELECT organization_id, sum(k) AS k FROM (
                  SELECT organization_id, 1 AS k FROM new_rows WHERE state = 'PENDING'
                  UNION ALL
                  SELECT organization_id, -1 FROM old_rows WHERE state = 'PENDING') c
              GROUP BY organization_id HAVING sum(k) <> 0) d;
    END IF;
    IF orgs IS NULL THEN
        RETURN NULL;
    END IF;
    IF cardinality(orgs) > 1 THEN
        PERFORM 1 FROM organization WHERE id = ANY (orgs) ORDER BY id FOR NO KEY UPDATE;
    END IF;
    UPDATE organization o SET win_pending_tokens = o.win_pending_tokens + u.k
    FROM unnest(orgs, deltas) AS u(id, k) WHERE o.id = u.id;
    RETURN NULL;
END $$;

-- Transition tables need one trigger per event.
CREATE TRIGGER win_enrollment_token_pending_ins AFTER INSERT ON win_enrollment_token
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION win_pending_tokens_maintain();
CREATE TRIGGER win_enrollment_token_pending_upd AFTER UPDATE ON win_enrollment_token
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION win_pending_tokens_maintain();
CREATE TRIGGER win_enrollment_token_pending_del AFTER DELETE ON win_enrollment_token
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION win_pending_tokens_maintain();
CREATE TRIGGER win_enrollment_token_pending_trunc AFTER TRUNCATE ON win_enrollment_token
    FOR EACH STATEMENT EXECUTE FUNCTION win_pending_tokens_maintain();

-- The admission of one new token, called by the statement that inserts it (WinEnrollmentTokenRepository.insertAdmitted),
-- which runs on its own (autocommit): the organisation row lock taken here is held only until that statement commits,
-- with no round trip to the application in between; every other read of the creation ran before, without it. The
-- lock serialises the creations of one organisation (and a user's delete, which takes it too). PL/pgSQL gives each
-- statement a fresh snapshot, so after the lock everything committed before it was granted is seen, however long
-- the wait. Answers, first match: REPLAY (a creation with the same Idempotency-Key committed meanwhile: the caller
-- answers that token), USER_GONE (the employee was deleted meanwhile), POLICY_GONE (a policy to assign is not a live
-- policy of the organisation; the live ones are locked FOR SHARE, so a policy delete waits for the token and then
-- sees it), QUOTA (as many live tokens as the plan allows), else OK.
CREATE FUNCTION win_enrollment_token_admit(p_org varchar, p_user varchar, p_now timestamptz, p_key varchar,
                                           p_policies jsonb) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    quota integer;
    pending bigint;
    expired bigint;
    wanted varchar[];
    live integer;
BEGIN
    SELECT o.enrollment_token_quota, o.win_pending_tokens INTO quota, pending
    FROM organization o WHERE o.id = p_org FOR NO KEY UPDATE;
    IF p_key IS NOT NULL AND EXISTS (SELECT 1 FROM win_enrollment_token t
                                     WHERE t.organization_id = p_org AND t.idempotency_key = p_key) THEN
        RETURN 'REPLAY';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM mdm_user u
                   WHERE u.id = p_user AND u.organization_id = p_org AND u.deleted_at IS NULL) THEN
        RETURN 'USER_GONE';
    END IF;
    wanted := ARRAY(SELECT DISTINCT jsonb_array_elements_text(p_policies));
    IF cardinality(wanted) > 0 THEN
        SELECT count(*) INTO live FROM (SELECT 1 FROM win_policy p
                                        WHERE p.id = ANY (wanted) AND p.organization_id = p_org
                                          AND p.deleted_at IS NULL
                                        ORDER BY p.id FOR SHARE) l;
        IF live <> cardinality(wanted) THEN
            RETURN 'POLICY_GONE';
        END IF;
    END IF;
    SELECT count(*) INTO expired FROM win_enrollment_token t
    WHERE t.organization_id = p_org AND t.state = 'PENDING' AND t.expire_at < p_now;
    IF pending - expired >= quota THEN
        RETURN 'QUOTA';
    END IF;
    RETURN 'OK';
END $$;

-- Live tokens of an organisation (PENDING, unexpired) from the counter, for a caller that holds the row lock.
CREATE FUNCTION win_enrollment_token_live(p_org varchar, p_now timestamptz) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT o.win_pending_tokens - (SELECT count(*) FROM win_enrollment_token t
                                   WHERE t.organization_id = p_org AND t.state = 'PENDING' AND t.expire_at < p_now)
    FROM organization o WHERE o.id = p_org
$$;

-- A token creation in one round trip (README "Quota"): the statement that inserts the token also resolves the
-- organisation of the path for the caller and reads the employee, which the application used to read first, unlocked,
-- in a Hibernate session of their own (two more round trips). win_enrollment_token_create_admit replaces
-- win_enrollment_token_admit (V24) and answers, first match:
--   ORG_UNKNOWN   no such organisation, or one outside the caller's orgs claim (p_visible; NULL = all): 3001
--   PLAN          the organisation's plan lacks Windows MDM: 5050
--   NO_ENTERPRISE its Windows enterprise does not exist yet: the application creates it (once per organisation,
--                 under the row lock, in a transaction of its own) and runs the creation again
-- then, under the organisation row lock (FOR NO KEY UPDATE, held until the statement commits) and with a fresh
-- snapshot per statement, so everything committed before the lock was granted is seen:
--   REPLAY        a creation with the same Idempotency-Key committed: the caller answers that token
--   USER_GONE     the employee is not a live user of the organisation: 3001
--   POLICY_GONE   a policy to assign is not a live policy of the organisation (the live ones are locked FOR SHARE,
--                 so a policy delete waits for the token and then sees it): 3001
--   QUOTA         as many live tokens as the plan allows: 5017
--   OK            with the organisation id, its Windows enterprise and the employee's e-mail and name, which the
--                 insert and the answer use.
-- The organisation is read without the lock first: a caller that may not see it, or whose plan refuses, never waits.
CREATE FUNCTION win_enrollment_token_create_admit(p_org_id varchar, p_org_slug varchar, p_visible varchar[],
                                                  p_user varchar, p_now timestamptz, p_key varchar, p_policies jsonb,
                                                  OUT verdict text, OUT org_id varchar, OUT enterprise_id varchar,
                                                  OUT user_email varchar, OUT user_name varchar)
    LANGUAGE plpgsql AS $$
DECLARE
    org_slug varchar;
    allowed boolean;
    quota integer;
    pending bigint;
    expired bigint;
    wanted varchar[];
    live integer;
BEGIN
    IF p_org_id IS NOT NULL THEN
        SELECT o.id, o.slug, o.windows_mdm_allowed, o.win_enterprise_id INTO org_id, org_slug, allowed, enterprise_id
        FROM organization o WHERE o.id = p_org_id;
    ELSE
        SELECT o.id, o.slug, o.windows_mdm_allowed, o.win_enterprise_id INTO org_id, org_slug, allowed, enterprise_id
        FROM organization o WHERE lower(o.slug) = lower(p_org_slug);
    END IF;
    IF org_id IS NULL OR NOT (p_visible IS NULL OR '*' = ANY (p_visible) OR lower(org_id) = ANY (p_visible)
                              OR lower(org_slug) = ANY (p_visible)) THEN
        org_id := NULL;
        enterprise_id := NULL;
        verdict := 'ORG_UNKNOWN';
        RETURN;
    END IF;
    IF NOT allowed THEN
        verdict := 'PLAN';
        RETURN;
    END IF;
    IF enterprise_id IS NULL THEN
        verdict := 'NO_ENTERPRISE';
        RETURN;
    END IF;

    SELECT o.enrollment_token_quota, o.win_pending_tokens INTO quota, pending
    FROM organization o WHERE o.id = org_id FOR NO KEY UPDATE;
    IF p_key IS NOT NULL AND EXISTS (SELECT 1 FROM win_enrollment_token t
                                     WHERE t.organization_id = org_id AND t.idempotency_key = p_key) THEN
        verdict := 'REPLAY';
        RETURN;
    END IF;
    SELECT u.email, u.name INTO user_email, user_name FROM mdm_user u
    WHERE u.id = p_user AND u.organization_id = org_id AND u.deleted_at IS NULL;
    IF NOT FOUND THEN
        verdict := 'USER_GONE';
        RETURN;
    END IF;
    wanted := ARRAY(SELECT DISTINCT jsonb_array_elements_text(p_policies));
    IF cardinality(wanted) > 0 THEN
        SELECT count(*) INTO live FROM (SELECT 1 FROM win_policy p
                                        WHERE p.id = ANY (wanted) AND p.organization_id = org_id
                                          AND p.deleted_at IS NULL
                                        ORDER BY p.id FOR SHARE) l;
        IF live <> cardinality(wanted) THEN
            verdict := 'POLICY_GONE';
            RETURN;
        END IF;
    END IF;
    SELECT count(*) INTO expired FROM win_enrollment_token t
    WHERE t.organization_id = org_id AND t.state = 'PENDING' AND t.expire_at < p_now;
    IF pending - expired >= quota THEN
        verdict := 'QUOTA';
        RETURN;
    END IF;
    verdict := 'OK';
END $$;

-- Its only caller was the creation's statement, which now calls the function above.
DROP FUNCTION win_enrollment_token_admit(varchar, varchar, timestamptz, varchar, jsonb);

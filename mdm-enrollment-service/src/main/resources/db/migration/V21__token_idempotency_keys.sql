-- Idempotency-Key on token creation (README "Idempotent token creation"): a client that retries a creation with the
-- same key gets the token it created the first time. The key is unique per organisation; tokens created without
-- one are not indexed.
ALTER TABLE win_enrollment_token ADD COLUMN idempotency_key varchar(255);
CREATE UNIQUE INDEX win_enrollment_token_idempotency_uq ON win_enrollment_token (organization_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

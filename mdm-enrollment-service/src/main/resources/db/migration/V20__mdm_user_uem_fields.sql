-- MDM users in the shape of Applivery's UEM users API (README "MDM users"): displayName becomes name, plus tags,
-- language and metadata. Users are soft-deleted, because dead enrollment tokens keep pointing at them; the unique
-- e-mail index only covers users that are not deleted, so a deleted user's e-mail can be used again.
ALTER TABLE mdm_user RENAME COLUMN display_name TO name;
ALTER TABLE mdm_user
    ADD COLUMN tags       text        NOT NULL DEFAULT '[]',
    ADD COLUMN language   varchar(8),
    ADD COLUMN metadata   text        NOT NULL DEFAULT '{}',
    ADD COLUMN deleted_at timestamptz;
DROP INDEX mdm_user_email_uq;
CREATE UNIQUE INDEX mdm_user_email_uq ON mdm_user (organization_id, lower(email)) WHERE deleted_at IS NULL;

-- A policy assignment may name no policy: only its priority is required by the API (README "Enrollment tokens").
ALTER TABLE win_policy_assignment ALTER COLUMN win_policy_id DROP NOT NULL;

-- The token list filters on segmentId.
CREATE INDEX win_enrollment_token_segment_idx ON win_enrollment_token (organization_id, segment_id)
    WHERE segment_id IS NOT NULL;

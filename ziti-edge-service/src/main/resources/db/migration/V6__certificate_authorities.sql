-- Third-party certificate authorities (management API /cas): the CA certificate, its SHA-1 fingerprint (unique: one
-- CA per certificate), the proof-of-possession state (is_verified, set once by POST /cas/{id}/verify with a
-- certificate whose CN is verification_token), the three switches and what auto-CA enrollment gives new identities.
-- Rows written before this migration (id and name only) keep a NULL fingerprint and an empty certificate.
ALTER TABLE ca ADD COLUMN fingerprint                   varchar(128);
ALTER TABLE ca ADD COLUMN cert_pem                      text         NOT NULL DEFAULT '';
ALTER TABLE ca ADD COLUMN is_verified                   boolean      NOT NULL DEFAULT false;
ALTER TABLE ca ADD COLUMN verification_token            varchar(64)  NOT NULL DEFAULT gen_random_uuid()::text;
ALTER TABLE ca ADD COLUMN is_auto_ca_enrollment_enabled boolean      NOT NULL DEFAULT false;
ALTER TABLE ca ADD COLUMN is_ott_ca_enrollment_enabled  boolean      NOT NULL DEFAULT false;
ALTER TABLE ca ADD COLUMN is_auth_enabled               boolean      NOT NULL DEFAULT false;
ALTER TABLE ca ADD COLUMN identity_roles                text         NOT NULL DEFAULT '[]';
ALTER TABLE ca ADD COLUMN identity_name_format          varchar(255) NOT NULL DEFAULT '[caName]-[commonName]';
ALTER TABLE ca ADD COLUMN is_system                     boolean      NOT NULL DEFAULT false;
ALTER TABLE ca ADD COLUMN tags                          text         NOT NULL DEFAULT '{}';

CREATE UNIQUE INDEX ca_fingerprint_uq ON ca (fingerprint);
CREATE INDEX ca_id_c_idx ON ca (id COLLATE "C");
-- certificate logins look up the CAs that may authenticate
CREATE INDEX ca_trusted_idx ON ca (is_verified, is_auth_enabled);

-- Certificate authenticators made from a third-party certificate (ottca and auto-CA enrollment) name their CA:
-- deleting the CA deletes them, as upstream documents for DELETE /cas/{id}.
ALTER TABLE authenticator ADD COLUMN ca_id varchar(64) REFERENCES ca (id) ON DELETE CASCADE;
CREATE INDEX authenticator_ca_idx ON authenticator (ca_id);

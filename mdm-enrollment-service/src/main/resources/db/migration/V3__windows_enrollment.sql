-- Windows enrollment protocol (README "Windows enrollment"). The discovery answer's AuthPolicy is chosen per
-- organisation: Federated (our sign-in page, where the user types the enrollment code) or OnPremise (e-mail + code as
-- a WS-Security UsernameToken).
ALTER TABLE organization
    ADD COLUMN win_auth_policy varchar(16) NOT NULL DEFAULT 'Federated'
        CHECK (win_auth_policy IN ('Federated', 'OnPremise'));

-- One MDM certificate authority per organisation, created on first use. The private key is stored encrypted
-- (AES-256-GCM with a configured key): key_id names that key, sealed_key = 12-byte nonce || ciphertext || tag.
CREATE TABLE win_mdm_ca (
    organization_id varchar(24) PRIMARY KEY REFERENCES organization (id),
    certificate     text        NOT NULL,
    key_id          varchar(64) NOT NULL,
    sealed_key      bytea       NOT NULL,
    created_at      timestamptz NOT NULL
);

-- Enrolled Windows devices (Applivery's winDevice). A token enrolls at most one device (unique token_id); a device is
-- recognised on the management endpoint by the SHA-256 of its issued certificate.
CREATE TABLE win_device (
    id                 varchar(24)  PRIMARY KEY CHECK (id ~ '^[a-f0-9]{24}$'),
    organization_id    varchar(24)  NOT NULL REFERENCES organization (id),
    win_enterprise_id  varchar(24)  NOT NULL,
    token_id           varchar(24)  NOT NULL REFERENCES win_enrollment_token (id),
    mdm_user_id        varchar(24)  NOT NULL REFERENCES mdm_user (id),
    state              varchar(16)  NOT NULL CHECK (state IN ('ENROLLED', 'UNENROLLED')),
    device_id          varchar(128) NOT NULL,
    hw_dev_id          varchar(256),
    name               varchar(256),
    enrollment_type    varchar(32),
    os_version         varchar(64),
    os_edition         varchar(64),
    cert_serial        varchar(64)  NOT NULL,
    cert_fingerprint   varchar(64)  NOT NULL,
    cert_not_after     timestamptz  NOT NULL,
    dev_info           text         NOT NULL,
    last_seen_at       timestamptz,
    created_at         timestamptz  NOT NULL,
    updated_at         timestamptz  NOT NULL,
    unenrolled_at      timestamptz
);
CREATE UNIQUE INDEX win_device_token_uq ON win_device (token_id);
CREATE UNIQUE INDEX win_device_cert_uq ON win_device (cert_fingerprint);
CREATE INDEX win_device_org_idx ON win_device (organization_id, created_at);

-- Identity fields the management API shows and filters on (ziti.md §5.4, identityDetail).
-- tags / role_attributes hold JSON text; filters read tags through ::jsonb.
ALTER TABLE identity ADD COLUMN tags             text    NOT NULL DEFAULT '{}';
ALTER TABLE identity ADD COLUMN role_attributes  text    NOT NULL DEFAULT '[]';
ALTER TABLE identity ADD COLUMN is_system        boolean NOT NULL DEFAULT false;
ALTER TABLE identity ADD COLUMN is_default_admin boolean NOT NULL DEFAULT false;
ALTER TABLE identity ADD COLUMN disabled         boolean NOT NULL DEFAULT false;

-- Minimal CA store: ottca enrollments must name an existing CA.
CREATE TABLE ca (
    id          varchar(64)  PRIMARY KEY,
    name        varchar(255) NOT NULL,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL
);
CREATE UNIQUE INDEX ca_name_uq ON ca (name);

-- Outstanding enrollments. Completing one deletes the row, so "exists" means "outstanding" (even if expired).
CREATE TABLE enrollment (
    id                varchar(64)  PRIMARY KEY,
    method            varchar(16)  NOT NULL CHECK (method IN ('ott', 'ottca', 'updb', 'erott', 'trott')),
    identity_id       varchar(64)  REFERENCES identity (id) ON DELETE CASCADE,
    edge_router_id    varchar(64),
    transit_router_id varchar(64),
    ca_id             varchar(64)  REFERENCES ca (id) ON DELETE CASCADE,
    username          varchar(255),
    token             varchar(64)  NOT NULL,
    jwt               text         NOT NULL,
    issued_at         timestamptz  NOT NULL,
    expires_at        timestamptz  NOT NULL,
    is_system         boolean      NOT NULL DEFAULT false,
    tags              text         NOT NULL DEFAULT '{}',
    created_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL
);

-- At most one outstanding enrollment per identity and method: concurrent creates get exactly one winner (409 for the rest).
CREATE UNIQUE INDEX enrollment_identity_method_uq ON enrollment (identity_id, method) WHERE identity_id IS NOT NULL;
-- The one-time secret (JWT jti) identifies the enrollment on the client API.
CREATE UNIQUE INDEX enrollment_token_uq ON enrollment (token);
CREATE INDEX enrollment_ca_idx ON enrollment (ca_id);

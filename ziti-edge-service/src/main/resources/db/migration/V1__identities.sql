-- Identities: what enrollments, API sessions and sessions point at (ziti.md §5.4).
CREATE TABLE identity (
    id              varchar(64)  PRIMARY KEY,
    name            varchar(255) NOT NULL,
    type            varchar(32)  NOT NULL DEFAULT 'Default',
    is_admin        boolean      NOT NULL DEFAULT false,
    external_id     varchar(255),
    auth_policy_id  varchar(64)  NOT NULL DEFAULT 'default',
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL
);

-- upstream: identity names and external ids are unique
CREATE UNIQUE INDEX identity_name_uq ON identity (name);
CREATE UNIQUE INDEX identity_external_id_uq ON identity (external_id) WHERE external_id IS NOT NULL;

-- Client API (ziti.md §5.1, §6): authenticators created by enrollment, API sessions, services, edge routers,
-- service policies and the sessions clients create. Deleting an identity cascades to all of its state.

-- updb: username + bcrypt hash; cert: the client certificate issued on OTT enrollment, found by fingerprint.
CREATE TABLE authenticator (
    id               varchar(64)  PRIMARY KEY,
    identity_id      varchar(64)  NOT NULL REFERENCES identity (id) ON DELETE CASCADE,
    method           varchar(16)  NOT NULL CHECK (method IN ('updb', 'cert')),
    username         varchar(255),
    password_hash    varchar(255),
    cert_fingerprint varchar(128),
    cert_pem         text,
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL,
    CHECK (method <> 'updb' OR (username IS NOT NULL AND password_hash IS NOT NULL)),
    CHECK (method <> 'cert' OR (cert_fingerprint IS NOT NULL AND cert_pem IS NOT NULL))
);
CREATE UNIQUE INDEX authenticator_identity_method_uq ON authenticator (identity_id, method);
CREATE UNIQUE INDEX authenticator_username_uq ON authenticator (username) WHERE method = 'updb';
CREATE UNIQUE INDEX authenticator_fingerprint_uq ON authenticator (cert_fingerprint) WHERE method = 'cert';

-- API sessions: the zt-session token is stored only as its SHA-256 (hex); inactivity is judged on last_activity_at.
CREATE TABLE api_session (
    id               varchar(64)  PRIMARY KEY,
    token_hash       varchar(64)  NOT NULL,
    identity_id      varchar(64)  NOT NULL REFERENCES identity (id) ON DELETE CASCADE,
    authenticator_id varchar(64)  NOT NULL REFERENCES authenticator (id) ON DELETE CASCADE,
    ip_address       varchar(64)  NOT NULL DEFAULT '',
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL,
    last_activity_at timestamptz  NOT NULL
);
CREATE UNIQUE INDEX api_session_token_uq ON api_session (token_hash);
CREATE INDEX api_session_identity_idx ON api_session (identity_id);

CREATE TABLE service (
    id                   varchar(64)  PRIMARY KEY,
    name                 varchar(255) NOT NULL,
    role_attributes      text         NOT NULL DEFAULT '[]',
    terminator_strategy  varchar(64)  NOT NULL DEFAULT 'smartrouting',
    encryption_required  boolean      NOT NULL DEFAULT true,
    max_idle_time_millis bigint       NOT NULL DEFAULT 0,
    is_system            boolean      NOT NULL DEFAULT false,
    tags                 text         NOT NULL DEFAULT '{}',
    created_at           timestamptz  NOT NULL,
    updated_at           timestamptz  NOT NULL
);
CREATE UNIQUE INDEX service_name_uq ON service (name);

-- No data plane here: routers never connect, so live state (hostname, protocols, online) is not stored.
CREATE TABLE edge_router (
    id                   varchar(64)  PRIMARY KEY,
    name                 varchar(255) NOT NULL,
    role_attributes      text         NOT NULL DEFAULT '[]',
    cost                 integer      NOT NULL DEFAULT 0 CHECK (cost BETWEEN 0 AND 65535),
    no_traversal         boolean      NOT NULL DEFAULT false,
    disabled             boolean      NOT NULL DEFAULT false,
    is_tunneler_enabled  boolean      NOT NULL DEFAULT false,
    is_system            boolean      NOT NULL DEFAULT false,
    app_data             text         NOT NULL DEFAULT '{}',
    tags                 text         NOT NULL DEFAULT '{}',
    created_at           timestamptz  NOT NULL,
    updated_at           timestamptz  NOT NULL
);
CREATE UNIQUE INDEX edge_router_name_uq ON edge_router (name);

CREATE TABLE service_policy (
    id                  varchar(64)  PRIMARY KEY,
    name                varchar(255) NOT NULL,
    type                varchar(8)   NOT NULL CHECK (type IN ('Dial', 'Bind')),
    semantic            varchar(8)   NOT NULL CHECK (semantic IN ('AllOf', 'AnyOf')),
    identity_roles      text         NOT NULL DEFAULT '[]',
    service_roles       text         NOT NULL DEFAULT '[]',
    posture_check_roles text         NOT NULL DEFAULT '[]',
    is_system           boolean      NOT NULL DEFAULT false,
    tags                text         NOT NULL DEFAULT '{}',
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL
);
CREATE UNIQUE INDEX service_policy_name_uq ON service_policy (name);

-- Sessions (ziti.md §6.1): at most one per (API session, service, type); they die with their API session,
-- their identity and their service. service_policies: JSON array of the granting policy ids at creation.
CREATE TABLE session (
    id               varchar(64)  PRIMARY KEY,
    token            varchar(64)  NOT NULL,
    api_session_id   varchar(64)  NOT NULL REFERENCES api_session (id) ON DELETE CASCADE,
    identity_id      varchar(64)  NOT NULL REFERENCES identity (id) ON DELETE CASCADE,
    service_id       varchar(64)  NOT NULL REFERENCES service (id) ON DELETE CASCADE,
    type             varchar(8)   NOT NULL CHECK (type IN ('Dial', 'Bind')),
    service_policies text         NOT NULL DEFAULT '[]',
    is_system        boolean      NOT NULL DEFAULT false,
    tags             text         NOT NULL DEFAULT '{}',
    created_at       timestamptz  NOT NULL,
    updated_at       timestamptz  NOT NULL
);
CREATE UNIQUE INDEX session_api_session_service_type_uq ON session (api_session_id, service_id, type);
CREATE UNIQUE INDEX session_token_uq ON session (token);
CREATE INDEX session_service_idx ON session (service_id);
CREATE INDEX session_identity_idx ON session (identity_id);

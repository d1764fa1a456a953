-- Case- and accent-insensitive CQL matching (folio.md §10.2) without depending on the unaccent extension,
-- which not every PostgreSQL installation ships: a fixed translate() table covering Latin-1 and Latin Extended-A.
CREATE OR REPLACE FUNCTION f_unaccent(value text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS
$$
SELECT translate(value,
    'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽž',
    'AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUuWwYyyYyYZzZzZz')
$$;

-- Application registry (folio.md §8.3): descriptors keyed by id = name-version.
CREATE TABLE application (
    id          varchar(255) PRIMARY KEY,
    name        varchar(255) NOT NULL,
    version     varchar(64)  NOT NULL,
    descriptor  jsonb        NOT NULL,
    created_at  timestamptz  NOT NULL DEFAULT now()
);

-- Module discovery: backend module id -> base URL.
CREATE TABLE module_discovery (
    module_id   varchar(255) PRIMARY KEY,
    name        varchar(255) NOT NULL,
    version     varchar(64)  NOT NULL,
    location    text         NOT NULL
);

-- Flow engine (folio.md §4.1). Statuses and types are stored uppercase, as upstream does.
CREATE TABLE flow (
    flow_id     uuid         PRIMARY KEY,
    tenant_id   uuid         NOT NULL,
    type        varchar(16)  NOT NULL CHECK (type IN ('ENTITLE', 'REVOKE', 'UPGRADE', 'STATE')),
    status      varchar(24)  NOT NULL CHECK (status IN ('QUEUED', 'IN_PROGRESS', 'FINISHED', 'FAILED', 'CANCELLED', 'CANCELLATION_FAILED')),
    started_at  timestamptz  NOT NULL,
    finished_at timestamptz
);
CREATE INDEX flow_tenant_idx ON flow (tenant_id);

CREATE TABLE application_flow (
    application_flow_id uuid         PRIMARY KEY,
    flow_id             uuid         NOT NULL REFERENCES flow (flow_id) ON DELETE CASCADE,
    tenant_id           uuid         NOT NULL,
    application_id      varchar(255) NOT NULL,
    application_name    varchar(255) NOT NULL,
    application_version varchar(64)  NOT NULL,
    type                varchar(16)  NOT NULL CHECK (type IN ('ENTITLE', 'REVOKE', 'UPGRADE')),
    status              varchar(24)  NOT NULL CHECK (status IN ('QUEUED', 'IN_PROGRESS', 'FINISHED', 'FAILED', 'CANCELLED', 'CANCELLATION_FAILED')),
    started_at          timestamptz  NOT NULL,
    finished_at         timestamptz
);
CREATE INDEX application_flow_flow_idx ON application_flow (flow_id);
CREATE INDEX application_flow_tenant_name_idx ON application_flow (tenant_id, application_name);
-- At most one unfinished application flow per tenant and application name: concurrent requests for the same
-- application cannot both get past queuing (the database decides, not a check-then-insert).
CREATE UNIQUE INDEX application_flow_active_uq ON application_flow (tenant_id, application_name)
    WHERE status IN ('QUEUED', 'IN_PROGRESS');

-- Stages of flows and application flows; flow_id is the owning flow or application flow id.
CREATE TABLE flow_stage (
    flow_id       uuid         NOT NULL,
    stage         varchar(512) NOT NULL,
    status        varchar(24)  NOT NULL CHECK (status IN ('IN_PROGRESS', 'FINISHED', 'FAILED', 'CANCELLED', 'CANCELLATION_FAILED')),
    error_type    varchar(255),
    error_message text,
    started_at    timestamptz  NOT NULL,
    finished_at   timestamptz,
    retries_count integer      NOT NULL DEFAULT 0,
    retries_info  text,
    PRIMARY KEY (flow_id, stage)
);

-- Entitlements: one per (tenant, application) and, since one version of an application per tenant, per name.
CREATE TABLE entitlement (
    tenant_id           uuid         NOT NULL,
    application_id      varchar(255) NOT NULL,
    application_name    varchar(255) NOT NULL,
    application_version varchar(64)  NOT NULL,
    PRIMARY KEY (tenant_id, application_id)
);
CREATE UNIQUE INDEX entitlement_tenant_name_uq ON entitlement (tenant_id, application_name);

-- Backend modules actually enabled per (tenant, application).
CREATE TABLE entitlement_module (
    module_id      varchar(255) NOT NULL,
    tenant_id      uuid         NOT NULL,
    application_id varchar(255) NOT NULL,
    PRIMARY KEY (module_id, tenant_id, application_id)
);
CREATE INDEX entitlement_module_tenant_app_idx ON entitlement_module (tenant_id, application_id);

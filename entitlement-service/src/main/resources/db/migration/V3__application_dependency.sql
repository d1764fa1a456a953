-- Declared dependencies of entitled applications (folio.md §4.1): one row per dependency of an application entitled
-- for a tenant; parent_* is the application depended upon (its version column holds the declared version or range).
CREATE TABLE application_dependency (
    tenant_id           uuid         NOT NULL,
    application_id      varchar(255) NOT NULL,
    application_name    varchar(255) NOT NULL,
    application_version varchar(64)  NOT NULL,
    parent_name         varchar(255) NOT NULL,
    parent_version      varchar(255) NOT NULL,
    optional            boolean      NOT NULL DEFAULT false,
    PRIMARY KEY (tenant_id, application_id, parent_name, parent_version)
);
CREATE INDEX application_dependency_parent_idx ON application_dependency (tenant_id, parent_name);

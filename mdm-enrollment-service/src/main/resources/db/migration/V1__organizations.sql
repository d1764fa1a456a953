-- Organisations: every Applivery path is under /organizations/:organizationId (id or slug, mdm.md §1).
CREATE TABLE organization (
    id          varchar(24)  PRIMARY KEY CHECK (id ~ '^[a-f0-9]{24}$'),
    slug        varchar(128) NOT NULL CHECK (slug ~ '^[a-zA-Z0-9-]{3,}$'),
    name        varchar(255) NOT NULL,
    created_at  timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL
);
CREATE UNIQUE INDEX organization_slug_uq ON organization (lower(slug));

-- Tenant registry (folio.md §8.3): {id, name, description}, looked up by id and by exact name.
CREATE TABLE tenant (
    id           uuid         PRIMARY KEY,
    name         varchar(63)  NOT NULL,
    description  text,
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL
);
CREATE UNIQUE INDEX tenant_name_uq ON tenant (name);

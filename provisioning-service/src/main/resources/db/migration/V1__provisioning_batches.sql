-- Provisioning batches (provisioning.md §1.2): one per source identity batch, which makes creation idempotent.
CREATE TABLE provisioning_batch (
    id                        uuid         PRIMARY KEY,
    source_identity_batch_id  uuid         NOT NULL,
    created_by                varchar(255) NOT NULL,
    created_at                timestamptz  NOT NULL
);
CREATE UNIQUE INDEX provisioning_batch_source_uq ON provisioning_batch (source_identity_batch_id);
CREATE INDEX provisioning_batch_created_at_idx ON provisioning_batch (created_at DESC, id);

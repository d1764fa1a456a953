-- Run state on the batch (provisioning.md §4, additive): one active run at a time, held by a lease that the
-- running process renews; a crashed run's lease expires and the next run takes the batch over.
ALTER TABLE provisioning_batch
    ADD COLUMN status           varchar(16) NOT NULL DEFAULT 'CREATED',
    ADD COLUMN started_at       timestamptz,
    ADD COLUMN finished_at      timestamptz,
    ADD COLUMN run_id           uuid,
    ADD COLUMN run_lease_until  timestamptz;
ALTER TABLE provisioning_batch
    ADD CONSTRAINT provisioning_batch_status_ck
        CHECK (status IN ('CREATED', 'RUNNING', 'COMPLETED', 'PARTIAL', 'FAILED'));

-- One item per identity of the batch (provisioning.md §1.2 ProvisioningItem), plus the worker's bookkeeping:
-- run_id/lease_until claim the row for one worker, completed_at marks the pipeline as finished.
CREATE TABLE provisioning_item (
    id                     uuid          PRIMARY KEY,
    provisioning_batch_id  uuid          NOT NULL REFERENCES provisioning_batch (id) ON DELETE CASCADE,
    identity_id            uuid          NOT NULL,
    domain                 varchar(64)   NOT NULL,
    establishment_id       varchar(255)  NOT NULL,
    external_id            varchar(255)  NOT NULL,
    firstname              varchar(255),
    lastname               varchar(255),
    email                  varchar(320),
    kc_username            varchar(128),
    kc_user_id             varchar(255),
    role_principal_code    varchar(64),
    prov_status            varchar(32)   NOT NULL DEFAULT 'ENQUEUED',
    last_error             text,
    attempts               integer       NOT NULL DEFAULT 0,
    run_id                 uuid,
    lease_until            timestamptz,
    completed_at           timestamptz,
    created_at             timestamptz   NOT NULL,
    updated_at             timestamptz   NOT NULL,
    CONSTRAINT provisioning_item_status_ck CHECK (prov_status IN ('ENQUEUED', 'KC_CREATED', 'KC_UPDATED',
        'INVITE_SENT', 'PENDING_ACTIVATION', 'ACTIVATED', 'EXPIRED', 'DISABLED', 'ERROR'))
);
-- an identity appears once per batch: re-importing the same rows is a no-op
CREATE UNIQUE INDEX provisioning_item_identity_uq ON provisioning_item (provisioning_batch_id, identity_id);
CREATE INDEX provisioning_item_batch_order_idx ON provisioning_item (provisioning_batch_id, created_at, id);
-- what a run claims: unfinished items of a batch
CREATE INDEX provisioning_item_pending_idx ON provisioning_item (provisioning_batch_id, prov_status)
    WHERE completed_at IS NULL;

-- Username reservations (provisioning.md §3.2 step 10): the unique primary key is what makes a name handed out once,
-- whatever the number of concurrent workers. The counter row per base serialises the numbering of homonyms.
CREATE TABLE username_reservation (
    username     varchar(128) PRIMARY KEY,
    base         varchar(128) NOT NULL,
    item_id      uuid,
    reserved_at  timestamptz  NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX username_reservation_item_uq ON username_reservation (item_id) WHERE item_id IS NOT NULL;

CREATE TABLE username_counter (
    base  varchar(128) PRIMARY KEY,
    next  integer      NOT NULL
);

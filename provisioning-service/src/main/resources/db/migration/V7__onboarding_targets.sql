-- Targets per batch (README "Targets"): ziti (the default, as before) and mdm. The MDM organisation is the one named
-- at creation (id or slug) or else the one whose slug is the creator's X-Etab establishment.
ALTER TABLE provisioning_batch
    ADD COLUMN targets          text[]       NOT NULL DEFAULT '{ziti}',
    ADD COLUMN mdm_organization varchar(255),
    ADD COLUMN establishment    varchar(255),
    ADD CONSTRAINT provisioning_batch_targets_ck CHECK (targets <@ ARRAY['ziti', 'mdm']::text[] AND cardinality(targets) > 0);

-- Per item and target: {"<target>": {"status", "external_id", "last_error", ...}}; the item's prov_status sums it up.
-- language: the person's language for the invitation (fr, en, ...), when the batch gives it.
ALTER TABLE provisioning_item
    ADD COLUMN targets  jsonb       NOT NULL DEFAULT '{}',
    ADD COLUMN language varchar(16);

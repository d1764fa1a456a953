-- The provisioning target is an OpenZiti identity, not a Keycloak user: the item's columns and stored statuses get
-- target-neutral names. The API still speaks the contract's names (kc_username, kc_user_id, KC_CREATED,
-- KC_UPDATED); the service maps them at its boundary.
ALTER TABLE provisioning_item RENAME COLUMN kc_username TO account_username;
ALTER TABLE provisioning_item RENAME COLUMN kc_user_id TO account_id;
ALTER TABLE provisioning_item DROP CONSTRAINT provisioning_item_status_ck;
UPDATE provisioning_item SET prov_status = CASE prov_status
    WHEN 'KC_CREATED' THEN 'ACCOUNT_CREATED' WHEN 'KC_UPDATED' THEN 'ACCOUNT_UPDATED' END
WHERE prov_status IN ('KC_CREATED', 'KC_UPDATED');
ALTER TABLE provisioning_item ADD CONSTRAINT provisioning_item_status_ck CHECK (prov_status IN ('ENQUEUED',
    'ACCOUNT_CREATED', 'ACCOUNT_UPDATED', 'INVITE_SENT', 'PENDING_ACTIVATION', 'ACTIVATED', 'EXPIRED', 'DISABLED',
    'ERROR'));

-- A tenant or an application cannot be deleted from the registry while something of a tenant still depends on it:
-- its entitlements, the modules enabled for them and their recorded dependencies. The database refuses the delete
-- (ON DELETE RESTRICT, checked at once), so a delete racing an entitle or a revoke cannot leave rows behind.
--
-- Before these keys existed a delete could succeed anyway; the rows it left point at nothing, cannot be revoked and
-- are not listed consistently, so they are removed first (otherwise the keys could not be added).
DELETE FROM entitlement e WHERE NOT EXISTS (SELECT 1 FROM tenant t WHERE t.id = e.tenant_id)
    OR NOT EXISTS (SELECT 1 FROM application a WHERE a.id = e.application_id);
DELETE FROM entitlement_module m WHERE NOT EXISTS (SELECT 1 FROM tenant t WHERE t.id = m.tenant_id)
    OR NOT EXISTS (SELECT 1 FROM application a WHERE a.id = m.application_id);
DELETE FROM application_dependency d WHERE NOT EXISTS (SELECT 1 FROM tenant t WHERE t.id = d.tenant_id)
    OR NOT EXISTS (SELECT 1 FROM application a WHERE a.id = d.application_id);

ALTER TABLE entitlement
    ADD CONSTRAINT entitlement_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE RESTRICT,
    ADD CONSTRAINT entitlement_application_fk FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE RESTRICT;
ALTER TABLE entitlement_module
    ADD CONSTRAINT entitlement_module_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE RESTRICT,
    ADD CONSTRAINT entitlement_module_application_fk FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE RESTRICT;
ALTER TABLE application_dependency
    ADD CONSTRAINT application_dependency_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenant (id) ON DELETE RESTRICT,
    ADD CONSTRAINT application_dependency_application_fk FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE RESTRICT;

-- the referencing side of each key is searched on every delete of a tenant or an application
CREATE INDEX entitlement_application_idx ON entitlement (application_id);
CREATE INDEX entitlement_module_application_idx ON entitlement_module (application_id);
CREATE INDEX application_dependency_application_idx ON application_dependency (application_id);

-- The rest of identityCreate / identityUpdate / identityPatch, stored so that PUT and PATCH round-trip through
-- GET /identities/{id}: app data, hosting precedence and cost (default and per service), permissions.
-- JSON text as tags and role_attributes are (V2).
ALTER TABLE identity ADD COLUMN app_data                    text        NOT NULL DEFAULT '{}';
ALTER TABLE identity ADD COLUMN default_hosting_precedence  varchar(16) NOT NULL DEFAULT 'default'
    CHECK (default_hosting_precedence IN ('default', 'required', 'failed'));
ALTER TABLE identity ADD COLUMN default_hosting_cost        integer     NOT NULL DEFAULT 0
    CHECK (default_hosting_cost BETWEEN 0 AND 65535);
ALTER TABLE identity ADD COLUMN service_hosting_precedences text        NOT NULL DEFAULT '{}';
ALTER TABLE identity ADD COLUMN service_hosting_costs       text        NOT NULL DEFAULT '{}';
ALTER TABLE identity ADD COLUMN permissions                 text        NOT NULL DEFAULT '[]';

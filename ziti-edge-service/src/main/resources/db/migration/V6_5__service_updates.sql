-- When what service policies grant last changed, for GET /current-api-session/service-updates: SDKs re-read their
-- services when lastChangeAt moves. One row, moved by triggers in the same transaction as the change itself (services,
-- service policies, an identity's role attributes), so no write path can forget it. Strictly increasing, at least 1 ms
-- per change, because clients compare it at millisecond precision.
CREATE TABLE service_change (
    singleton      boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    last_change_at timestamptz NOT NULL
);
INSERT INTO service_change (singleton, last_change_at) VALUES (true, now());

CREATE FUNCTION service_change_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE service_change
       SET last_change_at = greatest(clock_timestamp(), last_change_at + interval '1 millisecond');
    RETURN NULL;
END;
$$;

CREATE TRIGGER service_change_on_service AFTER INSERT OR UPDATE OR DELETE ON service
    FOR EACH STATEMENT EXECUTE FUNCTION service_change_touch();
CREATE TRIGGER service_change_on_service_policy AFTER INSERT OR UPDATE OR DELETE ON service_policy
    FOR EACH STATEMENT EXECUTE FUNCTION service_change_touch();
CREATE TRIGGER service_change_on_identity_roles AFTER UPDATE OF role_attributes, name ON identity
    FOR EACH ROW WHEN (OLD.role_attributes IS DISTINCT FROM NEW.role_attributes OR OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION service_change_touch();

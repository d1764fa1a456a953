-- Flows survive the instance running them: the instance that starts a flow owns it and renews lease_until while it
-- runs; a flow whose lease lapsed (its instance died) is failed by another instance, so that a retry can run it again
-- (see the README, "Running more than one instance").
ALTER TABLE flow ADD COLUMN owner varchar(64);
ALTER TABLE flow ADD COLUMN lease_until timestamptz;

-- Flows already running when this migration runs belong to instances of the previous version, which do not renew
-- leases: they get half an hour to finish before they count as lost.
UPDATE flow SET lease_until = now() + interval '30 minutes' WHERE status IN ('QUEUED', 'IN_PROGRESS');

CREATE INDEX flow_active_lease_idx ON flow (lease_until) WHERE status IN ('QUEUED', 'IN_PROGRESS');

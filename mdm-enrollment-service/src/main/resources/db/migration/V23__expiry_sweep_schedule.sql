-- One row that hands out the expiry sweep's periods: every instance's scheduler fires each period, and the one whose
-- conditional UPDATE moves last_period forward is the only one that sweeps in that period (see the README, "Running
-- more than one instance").
CREATE TABLE expiry_sweep_schedule (
    id           boolean PRIMARY KEY DEFAULT true CHECK (id),
    last_period  bigint      NOT NULL,
    last_run_at  timestamptz
);
INSERT INTO expiry_sweep_schedule (id, last_period) VALUES (true, -1);

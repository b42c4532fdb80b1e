-- Each guest's fan-out baseline (FlowBaseline.Snapshot as JSON): the moving averages of its
-- addresses on one port, ports on one address and attempts per watched login service, learned
-- from its windows of outbound flows that raised no scan finding (R6). Counts only (S4). Written
-- in the report's transaction at most once a minute per guest, so a restart keeps what the guest
-- usually does and a busy crawler is not taken for a scanner after it.
CREATE TABLE flow_baselines (
    guest_id   VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES guests (id),
    state      TEXT        NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The resource ladder (R2, R3, R6). Portable SQL, as V1: PostgreSQL and H2 in PostgreSQL mode.

-- One guest's resource ladders: a JSON list of ladder.ResourceLadderState, one per quota with any
-- history. The source of truth the in-memory state is rebuilt from; version rises on every write.
CREATE TABLE resource_ladders (
    guest_id   VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES guests (id),
    state      TEXT        NOT NULL,
    version    BIGINT      NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Resource actions are looked up by what decided them (res:<guest>:<quota>:<step>).
CREATE INDEX actions_decision_ref_idx ON actions (decision_ref, lifted_at);

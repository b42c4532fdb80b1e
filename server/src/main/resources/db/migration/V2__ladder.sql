-- Detection and the strike ladder. Portable SQL, as V1: PostgreSQL and H2 in PostgreSQL mode.

-- Console roles of admin API tokens: admin, operator or viewer. Existing tokens stay admins.
ALTER TABLE admin_tokens ADD COLUMN role VARCHAR(16) DEFAULT 'admin' NOT NULL;

CREATE TABLE tenants (
    id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    contact_email VARCHAR(320) NOT NULL,
    language      VARCHAR(2)   NOT NULL,
    contract      VARCHAR(64)  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE guests ADD COLUMN tenant_id VARCHAR(64) REFERENCES tenants (id);

-- One guest's SMTP ladder (ladder.SmtpLadderState as JSON): the source of truth the in-memory
-- detection state is rebuilt from. version rises on every write (optimistic check).
CREATE TABLE smtp_ladders (
    guest_id   VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES guests (id),
    state      TEXT        NOT NULL,
    version    BIGINT      NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Blocks, mirrored from the ladder state so they can be queried by state. seq is the block's
-- position in the guest's ladder (1-based), strike its number on the ladder.
CREATE TABLE blocks (
    id                  VARCHAR(16)  NOT NULL PRIMARY KEY,
    guest_id            VARCHAR(36)  NOT NULL REFERENCES guests (id),
    seq                 INTEGER      NOT NULL,
    strike              INTEGER      NOT NULL,
    started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    minimum_until       TIMESTAMP WITH TIME ZONE NOT NULL,
    unblock_mode        VARCHAR(16)  NOT NULL,
    clause              VARCHAR(200),
    state               VARCHAR(16)  NOT NULL,
    scheduled_lift_at   TIMESTAMP WITH TIME ZONE,
    lifted_at           TIMESTAMP WITH TIME ZONE,
    lifted_by           VARCHAR(200),
    lift_reason         VARCHAR(32),
    findings_during     INTEGER      NOT NULL,
    evidence            TEXT,
    CONSTRAINT blocks_guest_seq_uq UNIQUE (guest_id, seq)
);
CREATE INDEX blocks_state_idx ON blocks (state);

CREATE TABLE unblock_requests (
    id             VARCHAR(36)  NOT NULL PRIMARY KEY,
    block_id       VARCHAR(16)  NOT NULL REFERENCES blocks (id),
    guest_id       VARCHAR(36)  NOT NULL REFERENCES guests (id),
    seq            INTEGER      NOT NULL,
    channel        VARCHAR(32)  NOT NULL,
    actor          VARCHAR(200) NOT NULL,
    reason         TEXT,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    outcome        VARCHAR(16)  NOT NULL,
    outcome_reason TEXT,
    decided_by     VARCHAR(200),
    decided_at     TIMESTAMP WITH TIME ZONE,
    CONSTRAINT unblock_requests_guest_seq_uq UNIQUE (guest_id, seq)
);
CREATE INDEX unblock_requests_outcome_idx ON unblock_requests (outcome);

-- Findings: numbers only (clause S4).
CREATE TABLE findings (
    id       VARCHAR(36)      NOT NULL PRIMARY KEY,
    guest_id VARCHAR(36)      NOT NULL REFERENCES guests (id),
    at       TIMESTAMP WITH TIME ZONE NOT NULL,
    kind     VARCHAR(32)      NOT NULL,
    score    DOUBLE PRECISION NOT NULL,
    evidence TEXT             NOT NULL
);
CREATE INDEX findings_guest_at_idx ON findings (guest_id, at);

-- What the server wants enforced. An action is in a host's desired state while lifted_at is null
-- and it is not awaiting approval; state follows the agent's acks.
CREATE TABLE actions (
    id           VARCHAR(36)  NOT NULL PRIMARY KEY,
    host_id      VARCHAR(36)  NOT NULL REFERENCES hosts (id),
    guest_id     VARCHAR(36)  NOT NULL REFERENCES guests (id),
    vmid         INTEGER      NOT NULL,
    type         VARCHAR(32)  NOT NULL,
    params       TEXT,
    notice       VARCHAR(512),
    state        VARCHAR(24)  NOT NULL,
    detail       TEXT,
    since        TIMESTAMP WITH TIME ZONE NOT NULL,
    decision_ref VARCHAR(64),
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    lifted_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX actions_host_idx ON actions (host_id, lifted_at);
CREATE INDEX actions_state_idx ON actions (state);

-- Each host's desired-state version: rises whenever its set of actions changes.
CREATE TABLE desired_states (
    host_id    VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES hosts (id),
    version    BIGINT      NOT NULL,
    changed_at TIMESTAMP WITH TIME ZONE NOT NULL
);

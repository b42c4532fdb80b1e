-- Which reports the server already stored, so that a duplicate is a report it has, not any report
-- numbered at or below the last (see docs/decisions.md, "Ingest").
-- agent_instance is the agent's instance id (protocol 2), or '' for agents that send none.
-- Portable SQL: PostgreSQL and H2 in PostgreSQL mode.

-- One row per agent instance of a host: its last stored report, kept as long as the host.
CREATE TABLE agent_instances (
    id             VARCHAR(36) NOT NULL PRIMARY KEY,
    host_id        VARCHAR(36) NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    agent_instance VARCHAR(36) NOT NULL,
    first_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seq       BIGINT      NOT NULL,
    last_digest    VARCHAR(64) NOT NULL,
    last_sent_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_report_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT agent_instances_uq UNIQUE (host_id, agent_instance)
);

-- One row per stored report, for vpsguard.ingest.receipt-retention: (instance, seq, SHA-256 of
-- the JSON body) identifies a report the server has.
CREATE TABLE report_receipts (
    id             VARCHAR(36) NOT NULL PRIMARY KEY,
    host_id        VARCHAR(36) NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    agent_instance VARCHAR(36) NOT NULL,
    seq            BIGINT      NOT NULL,
    digest         VARCHAR(64) NOT NULL,
    received_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT report_receipts_uq UNIQUE (host_id, agent_instance, seq, digest)
);
CREATE INDEX report_receipts_received_idx ON report_receipts (received_at);

-- Hosts that reported before this migration were numbered by agents without an instance id: their
-- last seq becomes the '' instance's, with no digest (nothing matches it as a duplicate).
INSERT INTO agent_instances
    (id, host_id, agent_instance, first_seen_at, last_seq, last_digest, last_sent_at,
     last_report_at)
SELECT id, id, '', last_report_at, last_seq, '', last_report_at, last_report_at
FROM hosts WHERE last_seq > 0 AND last_report_at IS NOT NULL;

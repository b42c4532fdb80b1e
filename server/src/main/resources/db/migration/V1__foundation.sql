-- Portable SQL: runs unchanged on PostgreSQL and on H2 in PostgreSQL mode.
-- Ids are text UUIDs assigned by the server; times are TIMESTAMP WITH TIME ZONE (UTC instants).

CREATE TABLE hosts (
    id                    VARCHAR(36)  NOT NULL PRIMARY KEY,
    name                  VARCHAR(200) NOT NULL,
    credential_hash       VARCHAR(64),
    enrollment_token_hash VARCHAR(64),
    enrollment_expires_at TIMESTAMP WITH TIME ZONE,
    last_seq              BIGINT       NOT NULL,
    last_report_at        TIMESTAMP WITH TIME ZONE,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE UNIQUE INDEX hosts_credential_hash_uq ON hosts (credential_hash);
CREATE UNIQUE INDEX hosts_enrollment_token_hash_uq ON hosts (enrollment_token_hash);

CREATE TABLE guests (
    id           VARCHAR(36) NOT NULL PRIMARY KEY,
    host_id      VARCHAR(36) NOT NULL REFERENCES hosts (id),
    vmid         INTEGER     NOT NULL,
    kind         VARCHAR(16) NOT NULL,
    name         VARCHAR(200),
    status       VARCHAR(16) NOT NULL,
    cores        INTEGER,
    memory_bytes BIGINT,
    nics         TEXT,
    last_sample  TEXT,
    last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT guests_host_vmid_uq UNIQUE (host_id, vmid)
);

-- 5-minute rollups of guest samples. Averages are over the samples in which the figure was
-- measured; rates are per second.
CREATE TABLE guest_rollups (
    id                        VARCHAR(36) NOT NULL PRIMARY KEY,
    guest_id                  VARCHAR(36) NOT NULL REFERENCES guests (id),
    bucket_start              TIMESTAMP WITH TIME ZONE NOT NULL,
    sample_count              INTEGER     NOT NULL,
    cpu_cores_avg             DOUBLE PRECISION,
    cpu_cores_max             DOUBLE PRECISION,
    memory_used_bytes_avg     DOUBLE PRECISION,
    memory_used_bytes_max     DOUBLE PRECISION,
    disk_read_bps_avg         DOUBLE PRECISION,
    disk_read_bps_max         DOUBLE PRECISION,
    disk_write_bps_avg        DOUBLE PRECISION,
    disk_write_bps_max        DOUBLE PRECISION,
    net_tx_bps_avg            DOUBLE PRECISION,
    net_tx_bps_max            DOUBLE PRECISION,
    net_rx_bps_avg            DOUBLE PRECISION,
    net_rx_bps_max            DOUBLE PRECISION,
    smtp_new_connections      BIGINT      NOT NULL,
    smtp_unreplied            BIGINT      NOT NULL,
    CONSTRAINT guest_rollups_bucket_uq UNIQUE (guest_id, bucket_start)
);

CREATE TABLE admin_tokens (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    token_hash VARCHAR(64)  NOT NULL,
    label      VARCHAR(200) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT admin_tokens_hash_uq UNIQUE (token_hash)
);

CREATE TABLE audit (
    id     VARCHAR(36)  NOT NULL PRIMARY KEY,
    at     TIMESTAMP WITH TIME ZONE NOT NULL,
    actor  VARCHAR(200) NOT NULL,
    action VARCHAR(100) NOT NULL,
    target VARCHAR(200),
    detail TEXT
);
CREATE INDEX audit_at_idx ON audit (at);

-- Backup facts from the agents (docs/contracts.md A4), and the findings they raise.

-- Which enabled or disabled vzdump job takes which guest, as the host's last facts said.
CREATE TABLE backup_coverage (
    id        VARCHAR(64)  NOT NULL PRIMARY KEY,
    host_id   VARCHAR(64)  NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    vmid      INTEGER      NOT NULL,
    job_id    VARCHAR(128) NOT NULL,
    enabled   BOOLEAN      NOT NULL,
    storage   VARCHAR(64),
    schedule  VARCHAR(256)
);
CREATE INDEX backup_coverage_guest ON backup_coverage (host_id, vmid);

-- Each guest's backup attempts, once per guest and start (a run seen unfinished is updated).
CREATE TABLE backup_runs (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    host_id     VARCHAR(64)  NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    vmid        INTEGER      NOT NULL,
    storage     VARCHAR(64),
    started_at  TIMESTAMP WITH TIME ZONE,
    ended_at    TIMESTAMP WITH TIME ZONE,
    outcome     VARCHAR(12)  NOT NULL,
    error       VARCHAR(2048)
);
CREATE INDEX backup_runs_guest ON backup_runs (host_id, vmid);

-- The backups on each storage as last listed (a storage that could not be listed keeps its rows).
CREATE TABLE backup_volumes (
    id          VARCHAR(64)  NOT NULL PRIMARY KEY,
    host_id     VARCHAR(64)  NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    storage     VARCHAR(64)  NOT NULL,
    volid       VARCHAR(512) NOT NULL,
    vmid        INTEGER      NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE,
    size_bytes  BIGINT
);
CREATE INDEX backup_volumes_guest ON backup_volumes (host_id, vmid);

-- Findings in force per guest and kind; support is told when one appears.
CREATE TABLE backup_findings (
    id        VARCHAR(128)  NOT NULL PRIMARY KEY,
    guest_id  VARCHAR(64)   NOT NULL REFERENCES guests (id) ON DELETE CASCADE,
    kind      VARCHAR(32)   NOT NULL,
    detail    VARCHAR(1000) NOT NULL,
    since     TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Availability from reports (docs/decisions.md, "Availability and backups").

-- Guest power tasks from Proxmox's task log, once per UPID: who started or stopped a guest.
CREATE TABLE guest_power_tasks (
    upid        VARCHAR(256) NOT NULL PRIMARY KEY,
    host_id     VARCHAR(64)  NOT NULL REFERENCES hosts (id) ON DELETE CASCADE,
    vmid        INTEGER      NOT NULL,
    task_type   VARCHAR(32)  NOT NULL,
    user_id     VARCHAR(128) NOT NULL,
    started_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at    TIMESTAMP WITH TIME ZONE,
    status      VARCHAR(512)
);
CREATE INDEX guest_power_tasks_guest ON guest_power_tasks (host_id, vmid, started_at);

-- Each guest's state over time. The open episode (ended_at NULL, at most one per guest) grows
-- with every report (last_seen_at); a change closes it and opens the next.
CREATE TABLE guest_state_episodes (
    id            VARCHAR(36)  NOT NULL PRIMARY KEY,
    guest_id      VARCHAR(64)  NOT NULL REFERENCES guests (id) ON DELETE CASCADE,
    state         VARCHAR(20)  NOT NULL,
    started_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at      TIMESTAMP WITH TIME ZONE,
    evidence      VARCHAR(1000) NOT NULL
);
CREATE INDEX guest_state_episodes_guest ON guest_state_episodes (guest_id, started_at);

-- Maintenance declared before it happens, for one host or (host_id NULL) every host.
CREATE TABLE maintenance_windows (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    host_id     VARCHAR(64)  REFERENCES hosts (id) ON DELETE CASCADE,
    starts_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    ends_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    reason      VARCHAR(500) NOT NULL,
    created_by  VARCHAR(128) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Support alerts already sent (a month below target, an outage past the maximum): once each.
CREATE TABLE availability_alerts (
    alert_key   VARCHAR(300) NOT NULL PRIMARY KEY,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Hosts that stopped reporting (host_silent). A row exists while the host is silent: inserted by
-- the sweeper in the same transaction as the host_silent notification, deleted by the host's next
-- report in the same transaction as host_back. The primary key makes one silence episode one row,
-- whatever the number of sweeps, server restarts or server instances.
CREATE TABLE host_silences (
    host_id        VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES hosts (id) ON DELETE CASCADE,
    since          TIMESTAMP WITH TIME ZONE NOT NULL,
    last_report_at TIMESTAMP WITH TIME ZONE NOT NULL
);

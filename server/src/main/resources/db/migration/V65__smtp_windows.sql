-- Recent SMTP windows of each guest (issue 4): the spam detector's 1- and 10-minute spans and its
-- hysteresis streak are rebuilt from them when a guest's detection state is created (after a
-- restart, or after an idle guest was evicted). Written in the report's transaction, so a crash
-- loses none; only windows with some port-25 activity are kept, and only for
-- vpsguard.detection.window-retention (20 min by default). Counts only (clause S4).
-- Portable SQL: PostgreSQL and H2 in PostgreSQL mode.
CREATE TABLE smtp_windows (
    id                    VARCHAR(36) NOT NULL PRIMARY KEY,
    guest_id              VARCHAR(36) NOT NULL REFERENCES guests (id),
    received_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    window_start          TIMESTAMP WITH TIME ZONE NOT NULL,
    window_end            TIMESTAMP WITH TIME ZONE NOT NULL,
    new_connections       BIGINT      NOT NULL,
    distinct_destinations BIGINT      NOT NULL,
    distinct_prefixes     BIGINT      NOT NULL,
    unreplied             BIGINT      NOT NULL,
    reset_or_refused      BIGINT      NOT NULL,
    established           BIGINT      NOT NULL
);
CREATE INDEX smtp_windows_guest_idx ON smtp_windows (guest_id, received_at);
CREATE INDEX smtp_windows_received_idx ON smtp_windows (received_at);

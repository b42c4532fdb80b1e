-- The resource detector's state per guest (ResourceGuestState.Snapshot as JSON): since when each
-- quota has been exceeded, when it last raised a finding, the last sample's time. Written in the
-- report's transaction when an episode starts, ends or raises a finding, and at most once a minute
-- while one goes on, so a restart neither forgets an episode nor starts it over.
CREATE TABLE resource_detectors (
    guest_id   VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES guests (id),
    state      TEXT        NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

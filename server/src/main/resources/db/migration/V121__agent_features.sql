-- What each host's agent has shown it understands, so the server never sends an action type the
-- agent would refuse (a refused desired state stops all enforcement on the host).
-- traffic_filter_since: when a report of this host first carried outbound flow counts
-- (GuestSample.flows), which only agents built with the traffic_filter action send.
CREATE TABLE agent_features (
    host_id              VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES hosts (id),
    traffic_filter_since TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The console's fleet page counts guests per host and fleet-wide, running or not, at every
-- refresh (BENCHMARKS.md, "Console fleet page at 2,000 hosts"). This index answers both without
-- reading the guest rows (each holds its last sample, about 1 KB): the page's 50 hosts by prefix,
-- the fleet's totals from the index alone.
CREATE INDEX guests_host_status_idx ON guests (host_id, status);

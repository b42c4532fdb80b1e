-- The agent's 10-minute union of distinct destinations (SmtpWindow.recent, RecentDistinct), kept with
-- each stored window so the rebuilt detector sees what the live one saw. Null from older agents.
ALTER TABLE smtp_windows ADD COLUMN recent_since TIMESTAMP WITH TIME ZONE;
ALTER TABLE smtp_windows ADD COLUMN recent_destinations BIGINT;
ALTER TABLE smtp_windows ADD COLUMN recent_prefixes BIGINT;

-- Rate-limit buckets need no durability: after a crash, full buckets are the right state. Unlogged,
-- taking a token writes no WAL, so its commit waits for no disk flush (it was one flush per batch).
ALTER TABLE rate_limit_buckets SET UNLOGGED;

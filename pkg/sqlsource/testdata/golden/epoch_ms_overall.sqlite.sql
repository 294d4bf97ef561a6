SELECT COUNT(*), COUNT(*) FROM `events` WHERE (`ts_ms` >= ? AND `ts_ms` < ?)
-- args:
-- 1 ? int64 1792454400500 (2026-10-20T00:00:00.5Z)
-- 2 ? int64 1792540800500 (2026-10-21T00:00:00.5Z)

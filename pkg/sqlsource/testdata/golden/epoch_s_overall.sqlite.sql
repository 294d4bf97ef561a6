SELECT COUNT(*), COUNT(*) FROM `events` WHERE (`ts` >= ? AND `ts` < ?)
-- args:
-- 1 ? int64 1792454401 (2026-10-20T00:00:01Z)
-- 2 ? int64 1792540801 (2026-10-21T00:00:01Z)

SELECT CAST(((`ts_ms` / 1000) - ?) / ? AS INTEGER), COUNT(*), COUNT(*) FROM `events` WHERE (`ts_ms` >= ? AND `ts_ms` < ?) GROUP BY 1
-- args:
-- 1 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 ? int64 3600
-- 3 ? int64 1792454400000 (2026-10-20T00:00:00Z)
-- 4 ? int64 1792540800000 (2026-10-21T00:00:00Z)

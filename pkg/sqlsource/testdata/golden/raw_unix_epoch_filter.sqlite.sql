SELECT * FROM (
SELECT ts AS time, 1 AS value FROM events WHERE ts >= ? AND ts < ? AND ts >= ? AND ts < ?
) kpi_raw
-- args:
-- 1 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 ? int64 1792540800 (2026-10-21T00:00:00Z)
-- 3 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 4 ? int64 1792540800 (2026-10-21T00:00:00Z)

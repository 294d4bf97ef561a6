SELECT * FROM (
SELECT FLOOR((ts - ?) / ?) AS time, COUNT(*) AS value FROM events WHERE ts >= ? AND ts < ? GROUP BY 1
) kpi_raw
-- args:
-- 1 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 ? int64 600
-- 3 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 4 ? int64 1792540800 (2026-10-21T00:00:00Z)

SELECT * FROM (
SELECT FLOOR((UNIX_TIMESTAMP(created_at) - ?) / ?) AS time, COUNT(*) AS value, region FROM orders WHERE created_at >= ? AND created_at < ? GROUP BY 1, 3
) kpi_raw
-- args:
-- 1 ? int64 1792490700 (2026-10-20T10:05:00Z)
-- 2 ? int64 300
-- 3 ? time.Time 2026-10-20T10:05:00Z
-- 4 ? time.Time 2026-10-20T14:50:00Z

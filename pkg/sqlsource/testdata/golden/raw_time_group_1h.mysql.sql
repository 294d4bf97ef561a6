SELECT * FROM (
SELECT FLOOR((UNIX_TIMESTAMP(created_at) - ?) / ?) AS time, COUNT(*) AS value FROM orders WHERE created_at >= ? AND created_at < ? GROUP BY 1
) kpi_raw
-- args:
-- 1 ? int64 1792490400 (2026-10-20T10:00:00Z)
-- 2 ? int64 3600
-- 3 ? time.Time 2026-10-20T10:00:00Z
-- 4 ? time.Time 2026-10-20T14:00:00Z

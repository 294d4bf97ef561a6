SELECT * FROM (
SELECT FLOOR(((UNIX_TIMESTAMP(created_at) + CASE WHEN UNIX_TIMESTAMP(created_at) < ? THEN ? ELSE ? END) - ?) / ?) AS time, COUNT(*) AS value FROM orders WHERE created_at >= ? AND created_at < ? GROUP BY 1
) kpi_raw
-- args:
-- 1 ? int64 1792890000 (2026-10-25T01:00:00Z)
-- 2 ? int64 7200
-- 3 ? int64 3600
-- 4 ? int64 1792800000 (2026-10-24T00:00:00Z)
-- 5 ? int64 86400
-- 6 ? time.Time 2026-10-23T22:00:00Z
-- 7 ? time.Time 2026-10-26T23:00:00Z

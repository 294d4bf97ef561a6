SELECT * FROM (
SELECT CAST((unixepoch(created_at) - ?) / ? AS INTEGER) AS time, COUNT(*) AS value FROM orders WHERE created_at >= ? AND created_at < ? GROUP BY 1
) kpi_raw
-- args:
-- 1 ? int64 1792490400 (2026-10-20T10:00:00Z)
-- 2 ? int64 3600
-- 3 ? string "2026-10-20 10:00:00"
-- 4 ? string "2026-10-20 14:00:00"

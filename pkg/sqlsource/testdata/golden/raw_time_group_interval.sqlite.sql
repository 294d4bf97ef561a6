SELECT * FROM (
SELECT CAST((unixepoch(created_at) - ?) / ? AS INTEGER) AS time, COUNT(*) AS value, region FROM orders WHERE created_at >= ? AND created_at < ? GROUP BY 1, 3
) kpi_raw
-- args:
-- 1 ? int64 1792490700 (2026-10-20T10:05:00Z)
-- 2 ? int64 300
-- 3 ? string "2026-10-20 10:05:00"
-- 4 ? string "2026-10-20 14:50:00"

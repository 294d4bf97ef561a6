SELECT * FROM (
SELECT CAST(((unixepoch(created_at) + CASE WHEN unixepoch(created_at) < ? THEN ? ELSE ? END) - ?) / ? AS INTEGER) AS time, COUNT(*) AS value FROM orders WHERE created_at >= ? AND created_at < ? GROUP BY 1
) kpi_raw
-- args:
-- 1 ? int64 1792890000 (2026-10-25T01:00:00Z)
-- 2 ? int64 7200
-- 3 ? int64 3600
-- 4 ? int64 1792800000 (2026-10-24T00:00:00Z)
-- 5 ? int64 86400
-- 6 ? string "2026-10-23 22:00:00"
-- 7 ? string "2026-10-26 23:00:00"

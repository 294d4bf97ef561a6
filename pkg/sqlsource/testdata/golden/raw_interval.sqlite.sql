SELECT * FROM (
SELECT MAX(created_at) AS time, COUNT(*) / ? AS value FROM orders WHERE created_at >= ? AND created_at < ?
) kpi_raw
-- args:
-- 1 ? int64 60
-- 2 ? string "2026-10-20 00:00:00"
-- 3 ? string "2026-10-21 00:00:00"

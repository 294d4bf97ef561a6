SELECT * FROM (
SELECT created_at AS time, amount AS value FROM orders WHERE created_at >= ? AND created_at < ? AND created_at >= ? AND created_at < ?
) kpi_raw
-- args:
-- 1 ? string "2026-10-20 00:00:00"
-- 2 ? string "2026-10-21 00:00:00"
-- 3 ? string "2026-10-20 00:00:00"
-- 4 ? string "2026-10-21 00:00:00"

SELECT * FROM (
SELECT MAX(created_at) AS time, COUNT(*) / CAST($1 AS BIGINT) AS value FROM orders WHERE created_at >= $2 AND created_at < $3
) kpi_raw
-- args:
-- 1 $1 int64 60
-- 2 $2 time.Time 2026-10-20T00:00:00Z
-- 3 $3 time.Time 2026-10-21T00:00:00Z

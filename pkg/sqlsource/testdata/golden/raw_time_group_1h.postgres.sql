SELECT * FROM (
SELECT FLOOR((EXTRACT(EPOCH FROM created_at) - CAST($1 AS BIGINT)) / CAST($2 AS BIGINT)) AS time, COUNT(*) AS value FROM orders WHERE created_at >= $3 AND created_at < $4 GROUP BY 1
) kpi_raw
-- args:
-- 1 $1 int64 1792490400 (2026-10-20T10:00:00Z)
-- 2 $2 int64 3600
-- 3 $3 time.Time 2026-10-20T10:00:00Z
-- 4 $4 time.Time 2026-10-20T14:00:00Z

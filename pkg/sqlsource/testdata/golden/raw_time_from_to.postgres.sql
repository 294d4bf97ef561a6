SELECT * FROM (
SELECT created_at AS time, amount AS value FROM orders WHERE created_at >= $1 AND created_at < $2 AND created_at >= $3 AND created_at < $4
) kpi_raw
-- args:
-- 1 $1 time.Time 2026-10-20T00:00:00Z
-- 2 $2 time.Time 2026-10-21T00:00:00Z
-- 3 $3 time.Time 2026-10-20T00:00:00Z
-- 4 $4 time.Time 2026-10-21T00:00:00Z

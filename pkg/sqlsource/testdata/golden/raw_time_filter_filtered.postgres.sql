SELECT * FROM (
SELECT created_at AS time, amount AS value, region FROM orders WHERE created_at >= $1 AND created_at < $2
) kpi_raw WHERE "region" IN ($3)
-- args:
-- 1 $1 time.Time 2026-10-20T00:00:00Z
-- 2 $2 time.Time 2026-10-21T00:00:00Z
-- 3 $3 string "eu"

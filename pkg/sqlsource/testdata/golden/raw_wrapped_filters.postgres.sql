SELECT * FROM (
-- orders per region and channel
SELECT FLOOR((EXTRACT(EPOCH FROM created_at) - CAST($1 AS BIGINT)) / CAST($2 AS BIGINT)) AS time, region, channel, COUNT(*) AS value
FROM orders
WHERE created_at >= $3 AND created_at < $4
GROUP BY 1, 2, 3
) kpi_raw WHERE "region" IN ($5, $6) AND "channel" IN ($7)
-- args:
-- 1 $1 int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 $2 int64 3600
-- 3 $3 time.Time 2026-10-20T00:00:00Z
-- 4 $4 time.Time 2026-10-21T00:00:00Z
-- 5 $5 string "eu"
-- 6 $6 string "us"
-- 7 $7 string "web"

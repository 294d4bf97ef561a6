SELECT "region", FLOOR((EXTRACT(EPOCH FROM "ts") - CAST($1 AS BIGINT)) / CAST($2 AS BIGINT)), COUNT(*), SUM(CASE WHEN "status" >= $3 THEN "failed_items" END), SUM("items") FROM "requests" WHERE ("ts" >= $4 AND "ts" < $5) AND "method" <> $6 AND "region" IN ($7) GROUP BY 1, 2
-- args:
-- 1 $1 int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 $2 int64 300
-- 3 $3 int 500
-- 4 $4 time.Time 2026-10-20T00:00:00Z
-- 5 $5 time.Time 2026-10-20T01:00:00Z
-- 6 $6 string "OPTIONS"
-- 7 $7 string "eu"

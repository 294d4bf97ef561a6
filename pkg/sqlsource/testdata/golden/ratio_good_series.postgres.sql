SELECT "region", FLOOR((EXTRACT(EPOCH FROM "ts") - CAST($1 AS BIGINT)) / CAST($2 AS BIGINT)), COUNT(*), COUNT(CASE WHEN "outcome" = $3 THEN 1 END), COUNT(*) FROM "requests" WHERE ("ts" >= $4 AND "ts" < $5) AND "region" IN ($6) GROUP BY 1, 2
-- args:
-- 1 $1 int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 $2 int64 900
-- 3 $3 string "ok"
-- 4 $4 time.Time 2026-10-20T00:00:00Z
-- 5 $5 time.Time 2026-10-21T00:00:00Z
-- 6 $6 string "eu"

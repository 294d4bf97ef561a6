SELECT FLOOR((EXTRACT(EPOCH FROM "created_at") - CAST($1 AS BIGINT)) / CAST($2 AS BIGINT)), COUNT(*), COUNT(*) FROM "orders" WHERE ("created_at" >= $3 AND "created_at" < $4) GROUP BY 1
-- args:
-- 1 $1 int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 $2 int64 3600
-- 3 $3 time.Time 2026-10-20T00:00:00Z
-- 4 $4 time.Time 2026-10-21T00:00:00Z

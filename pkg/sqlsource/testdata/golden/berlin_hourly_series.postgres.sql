SELECT "region", FLOOR((EXTRACT(EPOCH FROM "created_at") - CAST($1 AS BIGINT)) / CAST($2 AS BIGINT)), COUNT(*), COUNT(*) FROM "orders" WHERE ("created_at" >= $3 AND "created_at" < $4) GROUP BY 1, 2
-- args:
-- 1 $1 int64 1792792800 (2026-10-23T22:00:00Z)
-- 2 $2 int64 3600
-- 3 $3 time.Time 2026-10-23T22:00:00Z
-- 4 $4 time.Time 2026-10-26T23:00:00Z

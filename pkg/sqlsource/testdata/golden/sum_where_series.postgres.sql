SELECT FLOOR((EXTRACT(EPOCH FROM "created_at") - CAST($1 AS BIGINT)) / CAST($2 AS BIGINT)), COUNT(*), SUM(CASE WHEN "status" = $3 THEN "amount" END) FROM "orders" WHERE ("created_at" >= $4 AND "created_at" < $5) GROUP BY 1
-- args:
-- 1 $1 int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 $2 int64 3600
-- 3 $3 string "paid"
-- 4 $4 time.Time 2026-10-20T00:00:00Z
-- 5 $5 time.Time 2026-10-21T00:00:00Z

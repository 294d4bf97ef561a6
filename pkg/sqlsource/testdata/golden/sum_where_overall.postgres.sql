SELECT COUNT(*), SUM(CASE WHEN "status" = $1 THEN "amount" END) FROM "orders" WHERE ("created_at" >= $2 AND "created_at" < $3)
-- args:
-- 1 $1 string "paid"
-- 2 $2 time.Time 2026-10-20T00:00:00Z
-- 3 $3 time.Time 2026-10-21T00:00:00Z

SELECT "region", "channel", COUNT(*), COUNT(*) FROM "orders" WHERE ("created_at" >= $1 AND "created_at" < $2) AND "region" IN ($3, $4) AND "channel" IN ($5) GROUP BY 1, 2
-- args:
-- 1 $1 time.Time 2026-10-20T00:00:00Z
-- 2 $2 time.Time 2026-10-21T00:00:00Z
-- 3 $3 string "eu"
-- 4 $4 string "us"
-- 5 $5 string "web"

SELECT "region", COUNT(*), SUM(CASE WHEN "status" >= $1 THEN "failed_items" END), SUM("items") FROM "requests" WHERE ("ts" >= $2 AND "ts" < $3) AND "method" <> $4 GROUP BY 1
-- args:
-- 1 $1 int 500
-- 2 $2 time.Time 2026-10-20T00:00:00Z
-- 3 $3 time.Time 2026-10-21T00:00:00Z
-- 4 $4 string "OPTIONS"

SELECT "region", CASE WHEN "ts" < $1 THEN 0 ELSE 1 END, COUNT(*), SUM(CASE WHEN "status" >= $2 THEN "failed_items" END), SUM("items") FROM "requests" WHERE ("ts" >= $3 AND "ts" < $4) AND "method" <> $5 GROUP BY 1, 2
-- args:
-- 1 $1 time.Time 2026-10-20T06:00:00Z
-- 2 $2 int 500
-- 3 $3 time.Time 2026-10-20T00:00:00Z
-- 4 $4 time.Time 2026-10-21T00:00:00Z
-- 5 $5 string "OPTIONS"

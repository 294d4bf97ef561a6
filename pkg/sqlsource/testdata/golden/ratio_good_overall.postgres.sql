SELECT "region", COUNT(*), COUNT(CASE WHEN "outcome" = $1 THEN 1 END), COUNT(*) FROM "requests" WHERE ("ts" >= $2 AND "ts" < $3) GROUP BY 1
-- args:
-- 1 $1 string "ok"
-- 2 $2 time.Time 2026-10-20T00:00:00Z
-- 3 $3 time.Time 2026-10-21T00:00:00Z

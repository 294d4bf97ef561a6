SELECT "region", CASE WHEN "ts" < $1 THEN 0 WHEN "ts" < $2 THEN 1 ELSE 2 END, COUNT(*), COUNT(CASE WHEN "outcome" = $3 THEN 1 END), COUNT(*) FROM "requests" WHERE ("ts" >= $4 AND "ts" < $5) AND "region" IN ($6) GROUP BY 1, 2
-- args:
-- 1 $1 time.Time 2026-10-20T01:00:00Z
-- 2 $2 time.Time 2026-10-21T01:00:00Z
-- 3 $3 string "ok"
-- 4 $4 time.Time 2026-10-20T00:00:00Z
-- 5 $5 time.Time 2026-11-17T00:00:00Z
-- 6 $6 string "eu"

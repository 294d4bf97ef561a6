SELECT "region", FLOOR(((EXTRACT(EPOCH FROM "created_at") + CASE WHEN EXTRACT(EPOCH FROM "created_at") < CAST($1 AS BIGINT) THEN CAST($2 AS BIGINT) ELSE CAST($3 AS BIGINT) END) - CAST($4 AS BIGINT)) / CAST($5 AS BIGINT)), COUNT(*), COUNT(*) FROM "orders" WHERE ("created_at" >= $6 AND "created_at" < $7) AND "region" IN ($8) GROUP BY 1, 2
-- args:
-- 1 $1 int64 1792890000 (2026-10-25T01:00:00Z)
-- 2 $2 int64 7200
-- 3 $3 int64 3600
-- 4 $4 int64 1792800000 (2026-10-24T00:00:00Z)
-- 5 $5 int64 86400
-- 6 $6 time.Time 2026-10-23T22:00:00Z
-- 7 $7 time.Time 2026-10-26T23:00:00Z
-- 8 $8 string "eu"

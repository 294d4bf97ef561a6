SELECT COUNT(*), COUNT(*) FROM "analytics"."orders" WHERE ("created_at" >= $1 AND "created_at" < $2)
-- args:
-- 1 $1 time.Time 2026-10-20T00:00:00Z
-- 2 $2 time.Time 2026-10-21T00:00:00Z

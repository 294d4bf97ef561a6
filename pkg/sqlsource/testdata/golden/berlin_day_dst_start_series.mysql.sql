SELECT `region`, FLOOR(((UNIX_TIMESTAMP(`created_at`) + CASE WHEN UNIX_TIMESTAMP(`created_at`) < ? THEN ? ELSE ? END) - ?) / ?), COUNT(*), COUNT(*) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?) GROUP BY 1, 2
-- args:
-- 1 ? int64 1774746000 (2026-03-29T01:00:00Z)
-- 2 ? int64 3600
-- 3 ? int64 7200
-- 4 ? int64 1774656000 (2026-03-28T00:00:00Z)
-- 5 ? int64 86400
-- 6 ? time.Time 2026-03-27T23:00:00Z
-- 7 ? time.Time 2026-03-30T22:00:00Z

SELECT `region`, FLOOR((UNIX_TIMESTAMP(`created_at`) - ?) / ?), COUNT(*), COUNT(*) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?) GROUP BY 1, 2
-- args:
-- 1 ? int64 1792792800 (2026-10-23T22:00:00Z)
-- 2 ? int64 3600
-- 3 ? time.Time 2026-10-23T22:00:00Z
-- 4 ? time.Time 2026-10-26T23:00:00Z

SELECT FLOOR((UNIX_TIMESTAMP(`created_at`) - ?) / ?), COUNT(*), SUM(CASE WHEN `status` = ? THEN `amount` END) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?) GROUP BY 1
-- args:
-- 1 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 ? int64 3600
-- 3 ? string "paid"
-- 4 ? time.Time 2026-10-20T00:00:00Z
-- 5 ? time.Time 2026-10-21T00:00:00Z

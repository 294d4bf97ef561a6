SELECT COUNT(*), SUM(CASE WHEN `status` = ? THEN `amount` END) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?)
-- args:
-- 1 ? string "paid"
-- 2 ? time.Time 2026-10-20T00:00:00Z
-- 3 ? time.Time 2026-10-21T00:00:00Z

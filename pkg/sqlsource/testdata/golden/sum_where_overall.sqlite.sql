SELECT COUNT(*), SUM(CASE WHEN `status` = ? THEN `amount` END) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?)
-- args:
-- 1 ? string "paid"
-- 2 ? string "2026-10-20 00:00:00"
-- 3 ? string "2026-10-21 00:00:00"

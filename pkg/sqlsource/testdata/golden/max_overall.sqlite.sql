SELECT COUNT(*), MAX(`amount`) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?)
-- args:
-- 1 ? string "2026-10-20 00:00:00"
-- 2 ? string "2026-10-21 00:00:00"

SELECT `region`, `channel`, COUNT(*), COUNT(*) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?) AND 1 = 0 GROUP BY 1, 2
-- args:
-- 1 ? string "2026-10-20 00:00:00"
-- 2 ? string "2026-10-21 00:00:00"

SELECT `region`, `channel`, COUNT(*), COUNT(*) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?) AND `region` IN (?, ?) AND `channel` IN (?) GROUP BY 1, 2
-- args:
-- 1 ? string "2026-10-20 00:00:00"
-- 2 ? string "2026-10-21 00:00:00"
-- 3 ? string "eu"
-- 4 ? string "us"
-- 5 ? string "web"

SELECT `region`, `channel`, COUNT(*), COUNT(*) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?) AND `region` IN (?, ?) AND `channel` IN (?) GROUP BY 1, 2
-- args:
-- 1 ? time.Time 2026-10-20T00:00:00Z
-- 2 ? time.Time 2026-10-21T00:00:00Z
-- 3 ? string "eu"
-- 4 ? string "us"
-- 5 ? string "web"

SELECT `region`, CAST((unixepoch(`created_at`) - ?) / ? AS INTEGER), COUNT(*), COUNT(*) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?) GROUP BY 1, 2
-- args:
-- 1 ? int64 1792792800 (2026-10-23T22:00:00Z)
-- 2 ? int64 3600
-- 3 ? string "2026-10-23 22:00:00"
-- 4 ? string "2026-10-26 23:00:00"

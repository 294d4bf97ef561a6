SELECT CAST((unixepoch(`created_at`) - ?) / ? AS INTEGER), COUNT(*), COUNT(*) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?) GROUP BY 1
-- args:
-- 1 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 ? int64 3600
-- 3 ? string "2026-10-20 00:00:00"
-- 4 ? string "2026-10-21 00:00:00"

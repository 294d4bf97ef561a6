SELECT COUNT(*), MAX(`amount`) FROM `orders` WHERE (`created_at` >= ? AND `created_at` < ?)
-- args:
-- 1 ? time.Time 2026-10-20T00:00:00Z
-- 2 ? time.Time 2026-10-21T00:00:00Z

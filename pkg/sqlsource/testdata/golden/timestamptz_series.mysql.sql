SELECT FLOOR((UNIX_TIMESTAMP(`at`) - ?) / ?), COUNT(*), COUNT(*) FROM `events` WHERE (`at` >= ? AND `at` < ?) GROUP BY 1
-- args:
-- 1 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 ? int64 3600
-- 3 ? time.Time 2026-10-20T00:00:00Z
-- 4 ? time.Time 2026-10-21T00:00:00Z

SELECT `region`, COUNT(*), SUM(CASE WHEN `status` >= ? THEN `failed_items` END), SUM(`items`) FROM `requests` WHERE (`ts` >= ? AND `ts` < ?) AND `method` <> ? GROUP BY 1
-- args:
-- 1 ? int 500
-- 2 ? time.Time 2026-10-20T00:00:00Z
-- 3 ? time.Time 2026-10-21T00:00:00Z
-- 4 ? string "OPTIONS"

SELECT `region`, CASE WHEN `ts` < ? THEN 0 ELSE 1 END, COUNT(*), SUM(CASE WHEN `status` >= ? THEN `failed_items` END), SUM(`items`) FROM `requests` WHERE (`ts` >= ? AND `ts` < ?) AND `method` <> ? GROUP BY 1, 2
-- args:
-- 1 ? time.Time 2026-10-20T06:00:00Z
-- 2 ? int 500
-- 3 ? time.Time 2026-10-20T00:00:00Z
-- 4 ? time.Time 2026-10-21T00:00:00Z
-- 5 ? string "OPTIONS"

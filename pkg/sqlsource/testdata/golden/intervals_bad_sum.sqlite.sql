SELECT `region`, CASE WHEN `ts` < ? THEN 0 ELSE 1 END, COUNT(*), SUM(CASE WHEN `status` >= ? THEN `failed_items` END), SUM(`items`) FROM `requests` WHERE (`ts` >= ? AND `ts` < ?) AND `method` <> ? GROUP BY 1, 2
-- args:
-- 1 ? string "2026-10-20 06:00:00"
-- 2 ? int 500
-- 3 ? string "2026-10-20 00:00:00"
-- 4 ? string "2026-10-21 00:00:00"
-- 5 ? string "OPTIONS"

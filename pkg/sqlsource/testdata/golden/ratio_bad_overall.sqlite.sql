SELECT `region`, COUNT(*), SUM(CASE WHEN `status` >= ? THEN `failed_items` END), SUM(`items`) FROM `requests` WHERE (`ts` >= ? AND `ts` < ?) AND `method` <> ? GROUP BY 1
-- args:
-- 1 ? int 500
-- 2 ? string "2026-10-20 00:00:00"
-- 3 ? string "2026-10-21 00:00:00"
-- 4 ? string "OPTIONS"

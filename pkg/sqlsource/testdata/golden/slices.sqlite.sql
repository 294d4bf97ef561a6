SELECT `region`, CAST((unixepoch(`ts`) - ?) / ? AS INTEGER), COUNT(*), SUM(CASE WHEN `status` >= ? THEN `failed_items` END), SUM(`items`) FROM `requests` WHERE (`ts` >= ? AND `ts` < ?) AND `method` <> ? AND `region` IN (?) GROUP BY 1, 2
-- args:
-- 1 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 ? int64 300
-- 3 ? int 500
-- 4 ? string "2026-10-20 00:00:00"
-- 5 ? string "2026-10-20 01:00:00"
-- 6 ? string "OPTIONS"
-- 7 ? string "eu"

SELECT `region`, FLOOR((UNIX_TIMESTAMP(`ts`) - ?) / ?), COUNT(*), SUM(CASE WHEN `status` >= ? THEN `failed_items` END), SUM(`items`) FROM `requests` WHERE (`ts` >= ? AND `ts` < ?) AND `method` <> ? AND `region` IN (?) GROUP BY 1, 2
-- args:
-- 1 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 ? int64 300
-- 3 ? int 500
-- 4 ? time.Time 2026-10-20T00:00:00Z
-- 5 ? time.Time 2026-10-20T01:00:00Z
-- 6 ? string "OPTIONS"
-- 7 ? string "eu"

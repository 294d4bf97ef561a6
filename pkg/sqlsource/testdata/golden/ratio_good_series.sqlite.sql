SELECT `region`, CAST((unixepoch(`ts`) - ?) / ? AS INTEGER), COUNT(*), COUNT(CASE WHEN `outcome` = ? THEN 1 END), COUNT(*) FROM `requests` WHERE (`ts` >= ? AND `ts` < ?) AND `region` IN (?) GROUP BY 1, 2
-- args:
-- 1 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 ? int64 900
-- 3 ? string "ok"
-- 4 ? string "2026-10-20 00:00:00"
-- 5 ? string "2026-10-21 00:00:00"
-- 6 ? string "eu"

SELECT `region`, CASE WHEN `ts` < ? THEN 0 WHEN `ts` < ? THEN 1 ELSE 2 END, COUNT(*), COUNT(CASE WHEN `outcome` = ? THEN 1 END), COUNT(*) FROM `requests` WHERE (`ts` >= ? AND `ts` < ?) AND `region` IN (?) GROUP BY 1, 2
-- args:
-- 1 ? string "2026-10-20 01:00:00"
-- 2 ? string "2026-10-21 01:00:00"
-- 3 ? string "ok"
-- 4 ? string "2026-10-20 00:00:00"
-- 5 ? string "2026-11-17 00:00:00"
-- 6 ? string "eu"

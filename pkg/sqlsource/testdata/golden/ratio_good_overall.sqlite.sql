SELECT `region`, COUNT(*), COUNT(CASE WHEN `outcome` = ? THEN 1 END), COUNT(*) FROM `requests` WHERE (`ts` >= ? AND `ts` < ?) GROUP BY 1
-- args:
-- 1 ? string "ok"
-- 2 ? string "2026-10-20 00:00:00"
-- 3 ? string "2026-10-21 00:00:00"

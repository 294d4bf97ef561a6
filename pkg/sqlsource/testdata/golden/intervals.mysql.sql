SELECT `region`, CASE WHEN `ts` < ? THEN 0 WHEN `ts` < ? THEN 1 ELSE 2 END, COUNT(*), COUNT(CASE WHEN `outcome` = ? THEN 1 END), COUNT(*) FROM `requests` WHERE (`ts` >= ? AND `ts` < ?) AND `region` IN (?) GROUP BY 1, 2
-- args:
-- 1 ? time.Time 2026-10-20T01:00:00Z
-- 2 ? time.Time 2026-10-21T01:00:00Z
-- 3 ? string "ok"
-- 4 ? time.Time 2026-10-20T00:00:00Z
-- 5 ? time.Time 2026-11-17T00:00:00Z
-- 6 ? string "eu"

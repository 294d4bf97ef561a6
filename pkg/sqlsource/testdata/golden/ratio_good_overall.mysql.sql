SELECT `region`, COUNT(*), COUNT(CASE WHEN `outcome` = ? THEN 1 END), COUNT(*) FROM `requests` WHERE (`ts` >= ? AND `ts` < ?) GROUP BY 1
-- args:
-- 1 ? string "ok"
-- 2 ? time.Time 2026-10-20T00:00:00Z
-- 3 ? time.Time 2026-10-21T00:00:00Z

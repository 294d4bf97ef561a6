SELECT * FROM (
SELECT created_at AS time, amount AS value, region FROM orders WHERE created_at >= ? AND created_at < ?
) kpi_raw WHERE `region` IN (?)
-- args:
-- 1 ? time.Time 2026-10-20T00:00:00Z
-- 2 ? time.Time 2026-10-21T00:00:00Z
-- 3 ? string "eu"

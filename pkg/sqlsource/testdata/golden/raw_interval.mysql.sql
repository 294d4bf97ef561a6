SELECT * FROM (
SELECT MAX(created_at) AS time, COUNT(*) / ? AS value FROM orders WHERE created_at >= ? AND created_at < ?
) kpi_raw
-- args:
-- 1 ? int64 60
-- 2 ? time.Time 2026-10-20T00:00:00Z
-- 3 ? time.Time 2026-10-21T00:00:00Z

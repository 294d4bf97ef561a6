SELECT * FROM (
-- orders per region and channel
SELECT CAST((unixepoch(created_at) - ?) / ? AS INTEGER) AS time, region, channel, COUNT(*) AS value
FROM orders
WHERE created_at >= ? AND created_at < ?
GROUP BY 1, 2, 3
) kpi_raw WHERE `region` IN (?, ?) AND `channel` IN (?)
-- args:
-- 1 ? int64 1792454400 (2026-10-20T00:00:00Z)
-- 2 ? int64 3600
-- 3 ? string "2026-10-20 00:00:00"
-- 4 ? string "2026-10-21 00:00:00"
-- 5 ? string "eu"
-- 6 ? string "us"
-- 7 ? string "web"

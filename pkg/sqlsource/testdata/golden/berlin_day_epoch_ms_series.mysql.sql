SELECT FLOOR((((`ts_ms` DIV 1000) + CASE WHEN (`ts_ms` DIV 1000) < ? THEN ? ELSE ? END) - ?) / ?), COUNT(*), COUNT(*) FROM `events` WHERE (`ts_ms` >= ? AND `ts_ms` < ?) GROUP BY 1
-- args:
-- 1 ? int64 1792890000 (2026-10-25T01:00:00Z)
-- 2 ? int64 7200
-- 3 ? int64 3600
-- 4 ? int64 1792800000 (2026-10-24T00:00:00Z)
-- 5 ? int64 86400
-- 6 ? int64 1792792800000 (2026-10-23T22:00:00Z)
-- 7 ? int64 1793055600000 (2026-10-26T23:00:00Z)

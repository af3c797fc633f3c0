-- The occurrence index served one statement: the purge of facts beyond five-year retention, run once a day (and when
-- partitions move) right before the re-evaluation reads every stale unit's facts through the primary key anyway. A
-- sequential scan of the facts is the same order of work as that re-evaluation, while the index cost every insert and
-- a third of the PostgreSQL time of a replay, built after the last record (docs/benchmarks.md, replay).
DROP INDEX unit_facts_by_occurrence;

-- The grading step stored every active unit's rank and score, so every run rewrote thousands of rows: one new score
-- moves the rank of every unit below it. What the step compares is each unit's grade; the rank and score of a change
-- travel in its grade-changes record, and the scores are in unit_scores. (docs/benchmarks.md, end-to-end latency.)
ALTER TABLE grades DROP COLUMN rank, DROP COLUMN score;

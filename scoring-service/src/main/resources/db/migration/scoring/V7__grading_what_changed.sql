-- Grading costs what changed, not what exists (issue 17 §4: a run read and sorted all 100,000 units after every
-- batch). Each grading run has a number (grading_state.run). A transaction that changes a unit's score or activity
-- marks the unit in grading_pending; the next run claims the unmarked rows by writing its number on them, and every
-- grade it writes carries its number. An instance that graded at run c and finds the state at run m learns what the
-- other instances' runs did from the rows with a run number after c, and keeps its standings in memory between runs.
CREATE TABLE grading_state (
    run bigint NOT NULL
);
INSERT INTO grading_state (run) VALUES (0);

CREATE TABLE grading_pending (
    unit_id text   NOT NULL,
    run     bigint -- null until a grading run claims the row
);
CREATE INDEX grading_pending_by_run ON grading_pending (run);

ALTER TABLE grades ADD COLUMN run bigint NOT NULL DEFAULT 0;
CREATE INDEX grades_by_run ON grades (run);

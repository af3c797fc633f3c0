-- Per-fact statuses move from one JSON value per unit, rewritten whole whenever any fact of the unit arrived, to a
-- column of the fact, written only when that fact's status changes.
ALTER TABLE unit_facts ADD COLUMN status text;
ALTER TABLE unit_scores DROP COLUMN fact_statuses;
-- Every unit is re-evaluated (and its facts' statuses written) by the next consumer loop.
UPDATE unit_scores SET as_of = DATE '2000-01-01';

-- Retention (SCORING.md §2, purge): a credit fact leaves this store when it leaves retention, and with it every record
-- about it. `occurred_on` is the credit fact's; `fact_id` is the fact a correction (X) or an objection step (O) is
-- about. Rows stored before these columns existed have neither; the daily purge still drops an X or O row recorded
-- on or before the retention limit (its fact is older still). To purge older C rows, rebuild the store from the
-- topics (docs/operations in the README, "Retention").
ALTER TABLE unit_records ADD COLUMN occurred_on date;
ALTER TABLE unit_records ADD COLUMN fact_id text;
CREATE INDEX unit_records_occurred_on ON unit_records (occurred_on) WHERE kind = 'C';
CREATE INDEX unit_records_fact_id ON unit_records (fact_id) WHERE kind IN ('X', 'O');

-- Retention (SCORING.md §2, purge): a fact leaves this store when it leaves retention, and with it the objections to
-- it, their history and the corrections of it. Facts stored before this column existed have no date and stay until
-- the store is rebuilt from the topics.
ALTER TABLE facts ADD COLUMN occurred_on date;
CREATE INDEX facts_occurred_on ON facts (occurred_on);

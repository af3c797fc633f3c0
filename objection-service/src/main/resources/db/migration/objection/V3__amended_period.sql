-- An amendment names the period its new outcome takes, as a new fact would (audit D10).
ALTER TABLE objections ADD COLUMN amended_period text;
ALTER TABLE corrections ADD COLUMN amended_period text;

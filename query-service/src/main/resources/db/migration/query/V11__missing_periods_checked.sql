-- The China dates whose closed periods' missing assessments the notifier has checked (第十二条). The check folds every
-- unit, a minute at a province's size: it is made once a day by whichever instance comes first, not again by each
-- instance and after each start. A date is written after the check's notices, so a check cut short is made again.
CREATE TABLE notifier_periods_checked (
    on_date date PRIMARY KEY
);

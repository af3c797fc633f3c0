-- Every accepted answer, first or repeated, now follows a send of the claim's record (see FactIngest), so the claim
-- no longer tracks whether its record was acknowledged: one write per batch instead of two.
alter table fact_claims drop column published;

-- Debtor listings are idempotent (audit D7): a court's retry of the same case, unit and status is the same listing.
-- The row is written before the record is sent and fixes its id and recordedAt; every answer, first or repeated,
-- re-sends the record rebuilt from the row (consumers keep a listing once by its id).
create table debtor_listing_claims (
    unit_id      text        not null,
    case_number  text        not null,
    status       text        not null check (status in ('LISTED', 'SHIELDED')),
    listing_id   uuid        not null unique,
    provider_org text        not null,
    submitted_by text        not null,
    recorded_at  timestamptz not null,
    primary key (unit_id, case_number, status)
);

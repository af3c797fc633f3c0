-- The key store of personal data (SCORING.md §2, purge; docs/security.md "Personal data"): one data key per fact that
-- names persons, wrapped under the master key (integrity.person-keys.master-key). The persons travel on the topics
-- sealed under this key; when the fact leaves retention the row is deleted, and from then on no service, replay,
-- dead-letter topic or backup of a topic can open them.
create table person_keys (
    event_id    uuid        primary key,
    occurred_on date        not null,
    wrapped_key bytea       not null,
    created_at  timestamptz not null
);
create index person_keys_occurred_on on person_keys (occurred_on);

-- Claims leave with their facts. Claims made before this column existed have none and stay: the ingest refuses a
-- resubmission of a fact beyond retention anyway (SCORING.md §2).
alter table fact_claims add column occurred_on date;
create index fact_claims_occurred_on on fact_claims (occurred_on);

-- Idempotency by eventId (API.md). A row is written BEFORE the fact is sent to Kafka: it claims the eventId for
-- exactly this content and fixes the answer (recordedAt, late, deadline). The record sent to Kafka is rebuilt from
-- the row and the request, so a retry after any crash re-sends an identical record (consumers deduplicate by
-- eventId) and never a different one; different content for a claimed eventId is a 409.
create table fact_claims (
    event_id        uuid        primary key,
    content_hash    text        not null, -- SHA-256 hex of the canonical content (ContentHash)
    unit_id         text        not null,
    provider_org    text        not null,
    submitted_by    text        not null,
    catalog_version text        not null,
    recorded_at     timestamptz not null,
    late            boolean     not null,
    deadline        date        not null,
    -- true once the broker acknowledged the record (acks=all); false rows are re-sent on retry.
    published       boolean     not null default false
);

-- Notices to organisations (issue 16 §4). A notice is made once: notice_key names what it is about (a fact, a grade
-- change, an objection's deadline, a period …), so however many instances or restarts derive it again, the insert
-- does nothing. sent_at: on integrity.notifications.v1; mailed_at: handed to the SMTP server (mail_status says how).
CREATE TABLE notices (
    notice_id      uuid        PRIMARY KEY,
    notice_key     text        NOT NULL UNIQUE,
    recipient_org  text        NOT NULL,
    recipient_role text        NOT NULL,
    kind           text        NOT NULL,
    subject        text        NOT NULL,
    text           text        NOT NULL,
    link           text,
    unit_id        text,
    objection_id   text,
    event_id       text,
    created_at     timestamptz NOT NULL,
    read_at        timestamptz,
    sent_at        timestamptz,
    mailed_at      timestamptz,
    mail_status    text
);
CREATE INDEX notices_inbox ON notices (recipient_org, recipient_role, created_at DESC);
CREATE INDEX notices_unsent ON notices (created_at) WHERE sent_at IS NULL;
CREATE INDEX notices_unmailed ON notices (created_at) WHERE mailed_at IS NULL;

-- How far the notifier has read unit_records (one row), and the objections it follows for their deadlines.
CREATE TABLE notifier_position (
    name text   PRIMARY KEY,
    seq  bigint NOT NULL
);
INSERT INTO notifier_position VALUES ('unit_records', 0);

CREATE TABLE notifier_objections (
    objection_id text PRIMARY KEY,
    unit_id      text NOT NULL,
    event_id     text NOT NULL,
    provider_org text NOT NULL,
    due_on       date,
    -- AWAITING_PROVIDER while the provider owes a decision by due_on; anything else needs no reminder
    state        text NOT NULL
);
CREATE INDEX notifier_objections_awaiting ON notifier_objections (due_on) WHERE state = 'AWAITING_PROVIDER';

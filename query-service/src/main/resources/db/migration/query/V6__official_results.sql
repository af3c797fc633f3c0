-- Official annual results (第七条): a year's evaluation frozen by the credit office, versioned, kept for good (scores
-- and grades, no personal data: SCORING.md §2 keeps frozen results, so no purge touches these tables).
-- A version is written once and never changed: the triggers below refuse UPDATE, DELETE and TRUNCATE.
CREATE TABLE official_results (
    year               int         NOT NULL,
    version            int         NOT NULL CHECK (version >= 1),
    as_of              date        NOT NULL,
    catalog_version    text        NOT NULL,
    checksum           text        NOT NULL,
    unit_count         int         NOT NULL,
    frozen_at          timestamptz NOT NULL,
    frozen_by          text        NOT NULL,
    signed_off_by      text        NOT NULL,
    reason             text,
    read_model_version bigint      NOT NULL,
    PRIMARY KEY (year, version)
);

CREATE TABLE official_result_units (
    year          int          NOT NULL,
    version       int          NOT NULL,
    unit_id       text         NOT NULL,
    name          text         NOT NULL,
    score         numeric(9,2) NOT NULL,
    raw_score     numeric(9,2) NOT NULL,
    grade         text         NOT NULL CHECK (grade IN ('EXCELLENT', 'GOOD', 'FAIR')),
    rank          int          NOT NULL,
    debtor_listed boolean      NOT NULL,
    -- [{"code": "1.1", "score": 2.00, "max": 2.00}, …] in annex order
    indicators    jsonb        NOT NULL,
    fact_ids      text[]       NOT NULL,
    PRIMARY KEY (year, version, unit_id),
    FOREIGN KEY (year, version) REFERENCES official_results
);

CREATE FUNCTION official_result_is_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'an official result is never changed: freeze a new version instead';
END
$$;
CREATE TRIGGER official_results_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON official_results
    FOR EACH STATEMENT EXECUTE FUNCTION official_result_is_immutable();
CREATE TRIGGER official_result_units_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON official_result_units
    FOR EACH STATEMENT EXECUTE FUNCTION official_result_is_immutable();

-- 公示: a version published, and when it reached integrity.evaluations.v1 (null until the relay has sent it). Only
-- sent_at is ever set afterwards.
CREATE TABLE official_publications (
    year                   int         NOT NULL,
    version                int         NOT NULL,
    published_at           timestamptz NOT NULL,
    published_by           text        NOT NULL,
    publicity_working_days int         NOT NULL,
    publicity_ends_on      date        NOT NULL,
    sent_at                timestamptz,
    PRIMARY KEY (year, version),
    FOREIGN KEY (year, version) REFERENCES official_results
);

CREATE FUNCTION official_publication_only_sent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' OR OLD.sent_at IS NOT NULL
       OR (NEW.year, NEW.version, NEW.published_at, NEW.published_by, NEW.publicity_working_days,
           NEW.publicity_ends_on) IS DISTINCT FROM
          (OLD.year, OLD.version, OLD.published_at, OLD.published_by, OLD.publicity_working_days,
           OLD.publicity_ends_on) THEN
        RAISE EXCEPTION 'a publication is never changed or withdrawn: publish a new version instead';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER official_publications_only_sent BEFORE UPDATE OR DELETE ON official_publications
    FOR EACH ROW EXECUTE FUNCTION official_publication_only_sent();
CREATE TRIGGER official_publications_no_truncate BEFORE TRUNCATE ON official_publications
    FOR EACH STATEMENT EXECUTE FUNCTION official_result_is_immutable();

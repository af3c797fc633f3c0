package cn.jiyuan.integrity.query.official;

import cn.jiyuan.integrity.rules.evaluation.OfficialUnit;
import cn.jiyuan.integrity.rules.grading.Grade;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import cn.jiyuan.integrity.support.refusals.Refusal;
import io.r2dbc.spi.Readable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored official results (V6__official_results.sql): versions written once, publications, and which publications
 * have reached the topic. Freezes and publications of one year are serialised by a transaction-scoped advisory lock on
 * the year, so two instances cannot both take version n or publish over each other.
 */
public class OfficialResults {

    /** Units per INSERT when a version is written (a province's 100,000 units in 20 statements). */
    private static final int UNITS_PER_STATEMENT = 5_000;

    private static final String VERSIONS = """
            SELECT r.year, r.version, r.as_of, r.catalog_version, r.checksum, r.unit_count, r.frozen_at, r.frozen_by,
                   r.signed_off_by, r.reason, p.published_at, p.published_by, p.publicity_working_days,
                   p.publicity_ends_on, p.sent_at
              FROM official_results r LEFT JOIN official_publications p USING (year, version)
            """;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final JsonMapper json;

    public OfficialResults(DatabaseClient db, TransactionalOperator tx, JsonMapper json) {
        this.db = db;
        this.tx = tx;
        this.json = json;
    }

    /** A version to be written: everything but its number, which the store gives. */
    public record Freeze(
            int year,
            LocalDate asOf,
            String catalogVersion,
            String checksum,
            Instant frozenAt,
            String frozenBy,
            String signedOffBy,
            String reason,
            long readModelVersion,
            List<OfficialUnit> units) {}

    /**
     * Writes the next version of the year, unless {@code check}, shown the latest version (null for the first), refuses.
     */
    public Mono<ResultVersion> freeze(Freeze f, Function<ResultVersion, Refusal> check) {
        Mono<ResultVersion> write = lockYear(f.year())
                .then(latest(f.year()))
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(latest -> {
                    Refusal refusal = check.apply(latest.orElse(null));
                    if (refusal != null) {
                        return Mono.error(refusal);
                    }
                    int version = latest.map(v -> v.version() + 1).orElse(1);
                    return insertHeader(f, version)
                            .thenMany(Flux.fromIterable(chunks(f.units())))
                            .concatMap(chunk -> insertUnits(f.year(), version, chunk))
                            .then(version(f.year(), version));
                });
        return tx.transactional(write)
                .onErrorMap(
                        DataIntegrityViolationException.class,
                        e -> Refusal.conflict(
                                "another freeze of " + f.year() + " was written at the same moment; try again"));
    }

    /** Publishes a version (公示), or refuses: unknown (404), already published or older than a published one (409). */
    public Mono<ResultVersion> publish(
            int year, int version, Instant at, String by, int workingDays, LocalDate endsOn) {
        Mono<ResultVersion> write = lockYear(year)
                .then(version(year, version))
                .switchIfEmpty(Mono.error(Refusal.notFound("no version " + version + " of " + year + " is frozen")))
                .flatMap(v -> latestPublished(year).defaultIfEmpty(0).flatMap(latest -> {
                    if (v.publication() != null) {
                        return Mono.error(Refusal.conflict("version " + version + " of " + year + " was published on "
                                + v.publication().publishedAt()));
                    }
                    if (latest > version) {
                        return Mono.error(Refusal.conflict("version " + latest + " of " + year
                                + " is published already; an older version cannot replace it"));
                    }
                    return db.sql("""
                                    INSERT INTO official_publications (year, version, published_at, published_by,
                                        publicity_working_days, publicity_ends_on)
                                    VALUES ($1, $2, $3, $4, $5, $6)""")
                            .bind(0, year)
                            .bind(1, version)
                            .bind(2, at.atOffset(ZoneOffset.UTC))
                            .bind(3, by)
                            .bind(4, workingDays)
                            .bind(5, endsOn)
                            .then()
                            .then(version(year, version));
                }));
        return tx.transactional(write);
    }

    public Mono<ResultVersion> version(int year, int version) {
        return db.sql(VERSIONS + " WHERE r.year = $1 AND r.version = $2")
                .bind(0, year)
                .bind(1, version)
                .map(OfficialResults::version)
                .one();
    }

    /** Every version, newest year first, versions in order; of one year when {@code year} is not null. */
    public Mono<List<ResultVersion>> versions(Integer year) {
        var spec = year == null
                ? db.sql(VERSIONS + " ORDER BY r.year DESC, r.version")
                : db.sql(VERSIONS + " WHERE r.year = $1 ORDER BY r.version").bind(0, year);
        return spec.map(OfficialResults::version).all().collectList();
    }

    /** The year's latest published version number, empty if none is. */
    public Mono<Integer> latestPublished(int year) {
        return db.sql("SELECT max(version) AS v FROM official_publications WHERE year = $1")
                .bind(0, year)
                .map((row, meta) -> Optional.ofNullable(row.get("v", Integer.class)))
                .one()
                .flatMap(Mono::justOrEmpty);
    }

    /** The version's units, best first (rank, then unit id). */
    public Mono<List<OfficialUnit>> units(int year, int version) {
        return db.sql("""
                        SELECT unit_id, name, score, raw_score, grade, rank, debtor_listed, indicators::text AS indicators,
                               fact_ids
                          FROM official_result_units WHERE year = $1 AND version = $2 ORDER BY rank, unit_id""").bind(0, year).bind(1, version).map(this::unit).all().collectList();
    }

    public Mono<OfficialUnit> unit(int year, int version, String unitId) {
        return db.sql("""
                        SELECT unit_id, name, score, raw_score, grade, rank, debtor_listed, indicators::text AS indicators,
                               fact_ids
                          FROM official_result_units WHERE year = $1 AND version = $2 AND unit_id = $3""")
                .bind(0, year)
                .bind(1, version)
                .bind(2, unitId)
                .map(this::unit)
                .one();
    }

    /** Publications not yet on the topic, oldest first. */
    public Mono<List<ResultVersion>> unsent() {
        return db.sql(VERSIONS + " WHERE p.published_at IS NOT NULL AND p.sent_at IS NULL ORDER BY p.published_at")
                .map(OfficialResults::version)
                .all()
                .collectList();
    }

    public Mono<Void> markSent(int year, int version, Instant at) {
        return db.sql(
                        "UPDATE official_publications SET sent_at = $3 WHERE year = $1 AND version = $2 AND sent_at IS NULL")
                .bind(0, year)
                .bind(1, version)
                .bind(2, at.atOffset(ZoneOffset.UTC))
                .then();
    }

    private Mono<ResultVersion> latest(int year) {
        return db.sql(VERSIONS + " WHERE r.year = $1 ORDER BY r.version DESC LIMIT 1")
                .bind(0, year)
                .map(OfficialResults::version)
                .one();
    }

    private Mono<Void> lockYear(int year) {
        return db.sql("SELECT pg_advisory_xact_lock(hashtext('official_results'), $1)")
                .bind(0, year)
                .then();
    }

    private Mono<Void> insertHeader(Freeze f, int version) {
        var spec = db.sql("""
                        INSERT INTO official_results (year, version, as_of, catalog_version, checksum, unit_count,
                            frozen_at, frozen_by, signed_off_by, reason, read_model_version)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)""")
                .bind(0, f.year())
                .bind(1, version)
                .bind(2, f.asOf())
                .bind(3, f.catalogVersion())
                .bind(4, f.checksum())
                .bind(5, f.units().size())
                .bind(6, f.frozenAt().atOffset(ZoneOffset.UTC))
                .bind(7, f.frozenBy())
                .bind(8, f.signedOffBy());
        spec = f.reason() == null ? spec.bindNull(9, String.class) : spec.bind(9, f.reason());
        return spec.bind(10, f.readModelVersion()).then();
    }

    private Mono<Void> insertUnits(int year, int version, List<OfficialUnit> units) {
        int n = units.size();
        String[] ids = new String[n];
        String[] names = new String[n];
        BigDecimal[] scores = new BigDecimal[n];
        BigDecimal[] raw = new BigDecimal[n];
        String[] grades = new String[n];
        Integer[] ranks = new Integer[n];
        Boolean[] listed = new Boolean[n];
        String[] indicators = new String[n];
        String[] facts = new String[n];
        for (int i = 0; i < n; i++) {
            OfficialUnit u = units.get(i);
            ids[i] = u.unitId();
            names[i] = u.name();
            scores[i] = u.score();
            raw[i] = u.rawScore();
            grades[i] = u.grade().name();
            ranks[i] = u.rank();
            listed[i] = u.debtorListed();
            indicators[i] = json.writeValueAsString(u.indicators());
            facts[i] = String.join(",", u.factIds()); // ids are UUIDs: no comma inside
        }
        return db.sql("""
                        INSERT INTO official_result_units (year, version, unit_id, name, score, raw_score, grade, rank,
                            debtor_listed, indicators, fact_ids)
                        SELECT $1, $2, u.id, u.name, u.score, u.raw, u.grade, u.rank, u.listed, u.indicators::jsonb,
                               CASE WHEN u.facts = '' THEN '{}'::text[] ELSE string_to_array(u.facts, ',') END
                          FROM unnest($3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::text[], $8::int[],
                                      $9::boolean[], $10::text[], $11::text[])
                               AS u(id, name, score, raw, grade, rank, listed, indicators, facts)""")
                .bind(0, year)
                .bind(1, version)
                .bind(2, ids)
                .bind(3, names)
                .bind(4, scores)
                .bind(5, raw)
                .bind(6, grades)
                .bind(7, ranks)
                .bind(8, listed)
                .bind(9, indicators)
                .bind(10, facts)
                .then();
    }

    private static List<List<OfficialUnit>> chunks(List<OfficialUnit> units) {
        List<List<OfficialUnit>> chunks = new ArrayList<>();
        for (int i = 0; i < units.size(); i += UNITS_PER_STATEMENT) {
            chunks.add(units.subList(i, Math.min(units.size(), i + UNITS_PER_STATEMENT)));
        }
        return chunks;
    }

    private OfficialUnit unit(Readable row) {
        String[] facts = row.get("fact_ids", String[].class);
        IndicatorScore[] indicators = json.readValue(row.get("indicators", String.class), IndicatorScore[].class);
        return new OfficialUnit(
                row.get("unit_id", String.class),
                row.get("name", String.class),
                row.get("score", BigDecimal.class),
                row.get("raw_score", BigDecimal.class),
                Grade.valueOf(row.get("grade", String.class)),
                row.get("rank", Integer.class),
                row.get("debtor_listed", Boolean.class),
                Arrays.stream(indicators)
                        .map(i -> new IndicatorScore(
                                i.code(), i.score().setScale(2), i.max().setScale(2)))
                        .toList(),
                facts == null ? List.of() : List.of(facts));
    }

    private static ResultVersion version(Readable row) {
        OffsetDateTime published = row.get("published_at", OffsetDateTime.class);
        OffsetDateTime sent = row.get("sent_at", OffsetDateTime.class);
        return new ResultVersion(
                row.get("year", Integer.class),
                row.get("version", Integer.class),
                row.get("as_of", LocalDate.class),
                row.get("catalog_version", String.class),
                row.get("checksum", String.class),
                row.get("unit_count", Integer.class),
                row.get("frozen_at", OffsetDateTime.class).toInstant(),
                row.get("frozen_by", String.class),
                row.get("signed_off_by", String.class),
                row.get("reason", String.class),
                published == null
                        ? null
                        : new ResultVersion.Publication(
                                published.toInstant(),
                                row.get("published_by", String.class),
                                row.get("publicity_working_days", Integer.class),
                                row.get("publicity_ends_on", LocalDate.class),
                                sent == null ? null : sent.toInstant()));
    }
}

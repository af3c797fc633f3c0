package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.query.audit.AuditLog;
import cn.jiyuan.integrity.query.model.Evaluations;
import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.facts.Person;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.FactCorrected;
import cn.jiyuan.integrity.schemas.avro.ObjectionFiled;
import cn.jiyuan.integrity.support.persons.PersonSeal;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Mono;

/**
 * Retention in the query service (SCORING.md §2, purge): a fact beyond retention leaves the stored records, the
 * memory and every answer, with its correction and its objection's steps; a redelivered copy is ignored; the audit
 * trail is purged by its own role only; and a name sealed on the topic is shown only when its key opens it.
 */
class RetentionIntegrationTest extends QueryTestBase {

    @Autowired
    Evaluations evaluations;

    @Autowired
    MeterRegistry meters;

    @Autowired
    AuditLog auditLog;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private long evaluations(String kind) {
        return meters.get("query.evaluation").tag("kind", kind).timer().count();
    }

    private long storedRows(String factId) {
        return db.sql("SELECT count(*) AS n FROM unit_records WHERE record_id = $1 OR fact_id = $1")
                .bind(0, factId)
                .map((row, meta) -> row.get("n", Long.class))
                .one()
                .block(Duration.ofSeconds(10));
    }

    private List<String> eventIds(String unit) {
        return ((List<?>)
                        ok("/api/v1/units/" + unit + "/events", creditOffice()).get("events"))
                .stream().map(e -> (String) ((Map<?, ?>) e).get("eventId")).toList();
    }

    @Test
    void aFactBeyondRetentionLeavesTheStoreTheMemoryAndEveryAnswerWithWhatIsAboutIt() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(30));
        LocalDate oldDay = today().minusYears(5).plusDays(10); // within retention today, beyond it in 10 days
        CreditFact old = CreditFact.newBuilder(Events.fact(unit, "4.1", "LIGHT_DISCIPLINE", null, oldDay))
                .setRecordedAt(daysAgo(5))
                .build();
        CreditFact young = CreditFact.newBuilder(
                        Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusDays(20)))
                .setRecordedAt(daysAgo(4))
                .build();
        events.send(old, unit);
        events.send(young, unit);
        events.send(
                new ObjectionFiled(
                        UUID.randomUUID().toString(),
                        old.getEventId(),
                        unit,
                        "4.1",
                        "JGW",
                        "理由",
                        today(),
                        "u",
                        unit,
                        daysAgo(3)),
                unit);
        FactCorrected amendment = Events.amendment(old, "TALK_OR_CRITICISM", null, oldDay);
        events.send(amendment, unit);
        awaitApplied(unit, 5);
        assertThat(eventIds(unit)).contains(old.getEventId(), young.getEventId());
        assertThat(storedRows(old.getEventId())).isEqualTo(3);

        // yesterday evaluated before the purge, with the old fact
        String yesterday = "/api/v1/units/" + unit + "/score?asOf=" + today().minusDays(1);
        ok(yesterday, creditOffice());
        // stored after the answer: done before the purge, which would otherwise find it not stored (seen under load)
        await().until(() ->
                meters.get("query.evaluation.stores.under.way").gauge().value() == 0);

        // the purge of the day the old fact leaves retention
        LocalDate leaves = oldDay.plusYears(5);
        long wholes = evaluations("whole");
        long storedBefore = evaluations("stored");
        ReadModel.Purge purge = model.purge(leaves);
        assertThat(purge.records()).isEqualTo(3);
        assertThat(purge.units()).containsExactly(unit);
        evaluations.purged(purge);

        assertThat(storedRows(old.getEventId())).isZero();
        var history = model.unit(unit);
        assertThat(history.facts()).extracting(f -> f.id()).containsExactly(young.getEventId());
        assertThat(history.objectionSteps()).isEmpty();
        assertThat(eventIds(unit)).containsExactly(young.getEventId());
        List<?> facts =
                (List<?>) ok("/api/v1/facts?unitId=" + unit, creditOffice()).get("facts");
        assertThat(facts).hasSize(1);
        // time travel answers from what is still held; yesterday's window did not hold the purged fact (it counted
        // for no date after about two years ago): it is read back as stored (the purge marked the unit in it: it purged
        // an amendment), not evaluated whole (the next test has a date the purge changes)
        assertThat(purge.lastDateChanged()).isBefore(today().minusYears(2).plusDays(11));
        Map<?, ?> past = ok(yesterday, creditOffice());
        assertThat(new BigDecimal(past.get("score").toString())).isEqualByComparingTo("98.00"); // 1.1 − 2 only
        assertThat(evaluations("whole")).isEqualTo(wholes);
        assertThat(evaluations("stored")).isGreaterThan(storedBefore);

        // a redelivered copy, on a day it is beyond retention, is ignored by the consumer
        clock.setTo(leaves.atStartOfDay(ChinaTime.ZONE).plusHours(12).toInstant());
        String sentinel = Events.newUnitId();
        events.send(old, unit);
        events.register(sentinel, true, daysAgo(1));
        await().until(() -> model.unit(sentinel) != null);
        assertThat(storedRows(old.getEventId())).isZero();
    }

    /**
     * A purge changes the dates whose window held a purged fact: a date evaluated before the purge is refreshed with
     * the purged units folded again, not given as it was, and not evaluated whole again (minutes at province scale).
     */
    @Test
    void aPastDateEvaluatedBeforeAPurgeIsRefreshedWithoutThePurgedFact() {
        LocalDate oldDay = today().minusYears(5).plusDays(20); // beyond retention in 20 days
        CreditFact old = aUnitWithAFactOn(oldDay);
        String unit = old.getUnitId();
        String then = "/api/v1/units/" + unit + "/score?asOf=" + oldDay.plusDays(2);
        BigDecimal counted =
                new BigDecimal(ok(then, creditOffice()).get("score").toString());
        assertThat(counted).isLessThan(new BigDecimal("100"));
        long wholes = evaluations("whole");
        long refreshes = evaluations("refresh");

        ReadModel.Purge purge = model.purge(oldDay.plusYears(5));
        assertThat(purge.records()).isGreaterThanOrEqualTo(1);
        assertThat(purge.lastDateChanged()).isAfterOrEqualTo(oldDay.plusDays(2));
        evaluations.purged(purge);

        assertThat(new BigDecimal(ok(then, creditOffice()).get("score").toString()))
                .isEqualByComparingTo("100.00");
        assertThat(evaluations("whole")).isEqualTo(wholes);
        assertThat(evaluations("refresh")).isGreaterThan(refreshes);
    }

    /**
     * Just after midnight, before this instance's purge of the new day has run (it looks at the clock every minute
     * here, and the clock jumps), a fact that left retention at midnight counts for no date and is listed nowhere: a
     * read that would see it waits for the purge, which it starts.
     */
    @Test
    void justAfterMidnightAFactThatLeftRetentionIsNotAnsweredBeforeThePurgeHasRun() {
        LocalDate tomorrow = today().plusDays(1);
        LocalDate oldDay = Window.retentionLimit(tomorrow); // within retention today, beyond it from tomorrow
        CreditFact old = aUnitWithAFactOn(oldDay);
        String unit = old.getUnitId();
        String then = "/api/v1/units/" + unit + "/score?asOf=" + oldDay.plusDays(2);
        assertThat(new BigDecimal(ok(then, creditOffice()).get("score").toString()))
                .isLessThan(new BigDecimal("100"));
        String events = "/api/v1/units/" + unit + "/events?asOf=" + oldDay.plusDays(2);
        assertThat(eventIdsOf(ok(events, creditOffice()))).containsExactly(old.getEventId());

        clock.setTo(tomorrow.atStartOfDay(ChinaTime.ZONE).plusSeconds(1).toInstant());

        assertThat(new BigDecimal(ok(then, creditOffice()).get("score").toString()))
                .isEqualByComparingTo("100.00");
        assertThat(eventIdsOf(ok(events, creditOffice()))).isEmpty();
        assertThat(eventIds(unit)).isEmpty();
        assertThat((List<?>) ok("/api/v1/facts?unitId=" + unit, creditOffice()).get("facts"))
                .isEmpty();
        assertThat(storedRows(old.getEventId())).isZero();
    }

    /** A unit registered a month before {@code day}, with a fact that occurred on it, recorded the day after. */
    private CreditFact aUnitWithAFactOn(LocalDate day) {
        String unit = Events.newUnitId();
        events.register(
                unit, true, day.minusDays(30).atStartOfDay(ChinaTime.ZONE).toInstant());
        CreditFact fact = CreditFact.newBuilder(Events.fact(unit, "4.1", "LIGHT_DISCIPLINE", null, day))
                .setRecordedAt(
                        day.plusDays(1).atTime(12, 0).atZone(ChinaTime.ZONE).toInstant())
                .build();
        events.send(fact, unit);
        awaitApplied(unit, 2);
        return fact;
    }

    private static List<String> eventIdsOf(Map<?, ?> answer) {
        return ((List<?>) answer.get("events"))
                .stream().map(e -> (String) ((Map<?, ?>) e).get("eventId")).toList();
    }

    @Test
    void theAuditTrailIsPurgedByItsOwnRoleAndStaysAppendOnlyForEveryoneElse() {
        Instant longAgo = Instant.parse("2019-06-01T00:00:00Z");
        db.sql("INSERT INTO audit_log (at, subject, org, roles, method, resource, status, service)"
                        + " VALUES ($1, 'old-reader', 'CZJ', 'CONSUMER', 'GET', '/api/v1/rankings', 200, 'test')")
                .bind(0, longAgo.atOffset(ZoneOffset.UTC))
                .then()
                .block(Duration.ofSeconds(10));

        assertThatThrownBy(() -> db.sql("DELETE FROM audit_log WHERE subject = 'old-reader'")
                        .then()
                        .block(Duration.ofSeconds(10)))
                .hasMessageContaining("append-only");
        assertThat(auditLog.purgeBefore(Instant.parse("2020-01-01T00:00:00Z"))).isEqualTo(1);
        assertThat(db.sql("SELECT count(*) AS n FROM audit_log WHERE subject = 'old-reader'")
                        .map((row, meta) -> row.get("n", Long.class))
                        .one()
                        .block(Duration.ofSeconds(10)))
                .isZero();

        // the purger can do nothing else: not read what was read, not write, not touch another table
        for (String sql : List.of(
                "SELECT subject FROM audit_log LIMIT 1",
                "INSERT INTO audit_log (at, subject, org, roles, method, resource, status) VALUES (now(), 's', 'o',"
                        + " 'r', 'GET', '/', 200)",
                "UPDATE audit_log SET at = now()",
                "SELECT payload FROM unit_records LIMIT 1",
                "DELETE FROM unit_records")) {
            assertThatThrownBy(() -> db.inConnection(c -> Mono.from(
                                            c.createStatement("BEGIN").execute())
                                    .then(Mono.from(c.createStatement("SET LOCAL ROLE integrity_audit_purger")
                                            .execute()))
                                    .then(Mono.from(c.createStatement(sql).execute())
                                            .flatMap(r -> Mono.from(r.getRowsUpdated())))
                                    .onErrorResume(e -> Mono.from(c.createStatement("ROLLBACK")
                                                    .execute())
                                            .then(Mono.error(e)))
                                    .flatMap(n -> Mono.from(c.createStatement("ROLLBACK")
                                                    .execute())
                                            .thenReturn(n)))
                            .block(Duration.ofSeconds(10)))
                    .as(sql)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void aSealedNameIsShownOnlyWhenItsKeyOpensItAndAReadWithoutTheKeyStoreIs503() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(30));
        byte[] key = PersonSeal.newKey();
        CreditFact base = Events.fact(unit, "4.1", "LIGHT_DISCIPLINE", null, today().minusDays(6));
        CreditFact sealed = CreditFact.newBuilder(base)
                .setSealedPersons(PersonSeal.seal(base.getEventId(), List.of(new Person("欧阳娜娜", "副局长")), key))
                .build();
        events.send(sealed, unit);
        awaitApplied(unit, 2);

        // the key store (the ingest service) is not running in this test: no name is guessed, the read is refused
        var answer = get("/api/v1/units/" + unit + "/events", creditOffice());
        answer.expectStatus().isEqualTo(503).expectHeader().exists("Retry-After");
        get("/api/v1/facts?unitId=" + unit, TestTokens.token("JGW", "PROVIDER"))
                .expectStatus()
                .isEqualTo(503);
        // reads that show no facts do not need it
        ok("/api/v1/units/" + unit + "/score", creditOffice());
    }
}

package cn.jiyuan.integrity.objection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.objection.facts.FactDirectory;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.testing.Events;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention in the objection service (SCORING.md §2, purge): a fact beyond retention leaves with its objection, the
 * objection's history and its correction requests; a copy delivered later is ignored.
 */
class RetentionIntegrationTest extends ObjectionTestBase {

    @Autowired
    FactDirectory facts;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private long rowsAbout(String eventId) {
        return count("SELECT (SELECT count(*) FROM facts WHERE event_id = '" + eventId + "')"
                + " + (SELECT count(*) FROM objections WHERE event_id = '" + eventId + "')"
                + " + (SELECT count(*) FROM corrections WHERE event_id = '" + eventId + "')"
                + " + (SELECT count(*) FROM objection_history h JOIN objections o USING (objection_id)"
                + " WHERE o.event_id = '" + eventId + "')");
    }

    @Test
    void aFactBeyondRetentionLeavesWithEverythingAboutItAndALateCopyIsIgnored() {
        String unit = Events.newUnitId();
        LocalDate oldDay = ChinaTime.dateOf(clock.instant()).minusYears(5).plusDays(10);
        CreditFact old = Events.fact(unit, "4.1", "LIGHT_DISCIPLINE", null, oldDay);
        CreditFact young = knownFact(unit);
        events.send(old, unit);
        await().until(() -> rowsAbout(old.getEventId()) == 1);
        String objectionId = fileObjection(old);
        Map<String, Object> deletion = Map.of("eventId", young.getEventId(), "remedy", "DELETE", "explanation", "录入错误");
        post("/api/v1/corrections", providerToken(), deletion).expectStatus().isCreated();
        assertThat(rowsAbout(old.getEventId())).isEqualTo(3); // fact, objection, its history's first step
        long youngRows = rowsAbout(young.getEventId());

        assertThat(facts.purgeThrough(oldDay)).isEqualTo(3);

        assertThat(rowsAbout(old.getEventId())).isZero();
        assertThat(rowsAbout(young.getEventId())).isEqualTo(youngRows);
        get("/api/v1/objections/" + objectionId, creditOfficeToken())
                .expectStatus()
                .isNotFound();

        // delivered again on a day it is beyond retention: ignored
        clock.setTo(
                oldDay.plusYears(5).atStartOfDay(ChinaTime.ZONE).plusHours(12).toInstant());
        events.send(old, unit);
        CreditFact sentinel = Events.fact(
                unit, "4.1", "LIGHT_DISCIPLINE", null, oldDay.plusYears(5).minusDays(11));
        events.send(sentinel, unit);
        await().until(() -> rowsAbout(sentinel.getEventId()) == 1);
        assertThat(rowsAbout(old.getEventId())).isZero();
    }

    /**
     * Just after midnight, before this instance's purge of the new day has run (it looks at the clock every minute
     * here, and the clock jumps), a fact that left retention at midnight, and its objection, are not shown: the read
     * waits for the purge, which it starts.
     */
    @Test
    void justAfterMidnightAFactThatLeftRetentionIsNotShownBeforeThePurgeHasRun() {
        String unit = Events.newUnitId();
        LocalDate tomorrow = ChinaTime.dateOf(clock.instant()).plusDays(1);
        CreditFact old = Events.fact(unit, "4.1", "LIGHT_DISCIPLINE", null, Window.retentionLimit(tomorrow));
        events.send(old, unit);
        await().until(() -> rowsAbout(old.getEventId()) == 1);
        String objectionId = fileObjection(old);
        get("/api/v1/facts/" + old.getEventId(), creditOfficeToken())
                .expectStatus()
                .isOk();

        clock.setTo(tomorrow.atStartOfDay(ChinaTime.ZONE).plusSeconds(1).toInstant());

        get("/api/v1/facts/" + old.getEventId(), creditOfficeToken())
                .expectStatus()
                .isNotFound();
        get("/api/v1/objections/" + objectionId, creditOfficeToken())
                .expectStatus()
                .isNotFound();
        assertThat(rowsAbout(old.getEventId())).isZero();
    }
}

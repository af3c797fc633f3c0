package cn.jiyuan.integrity.objection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.ObjectionOverdue;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.ReferenceDocuments;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.SharedPostgres;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * 第十四条 deadlines on the working-day calendar: filed Friday 2025-09-26, the provider's five working days run past
 * the National Day holiday to Friday 2025-10-10; overdue from Saturday 2025-10-11 on, flagged and published once —
 * also when the service restarts, or a second instance runs its own check.
 */
class OverdueIntegrationTest extends ObjectionTestBase {

    @Autowired
    private WorkdayCalendar calendar;

    private static Instant china(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(ChinaTime.ZONE).toInstant();
    }

    private long overdueSteps(String id) {
        return count("SELECT count(*) FROM objection_history WHERE step = 'OVERDUE' AND objection_id = '" + id + "'");
    }

    private Map<?, ?> objection(String id) {
        return get("/api/v1/objections/" + id, creditOfficeToken())
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    /** Runs the service's own overdue check and waits until it has completed once more. */
    private void checkNow() {
        long before = workers.completedOverdueChecks();
        workers.checkOverdueNow();
        await().until(() -> workers.completedOverdueChecks() > before);
    }

    @Test
    void anObjectionBecomesOverdueOnTheSixthWorkingDayAcrossTheHolidayOnce() {
        String unit = Events.newUnitId();
        var fact = knownFact(unit);
        try {
            clock.setTo(china("2025-09-26T10:00:00"));
            String id = fileObjection(fact);
            assertThat(objection(id).get("dueOn")).isEqualTo("2025-10-10");

            clock.setTo(china("2025-10-10T23:59:00"));
            checkNow();
            assertThat(objection(id).get("overdue")).isEqualTo(false);
            assertThat(overdueSteps(id)).isZero();

            clock.setTo(china("2025-10-11T00:01:00"));
            checkNow();
            Map<?, ?> overdue = objection(id);
            assertThat(overdue.get("overdue")).isEqualTo(true);
            assertThat(overdue.get("status")).isEqualTo("AWAITING_PROVIDER"); // still awaits the provider
            Map<?, ?> step = (Map<?, ?>) ((List<?>) overdue.get("history")).get(1);
            assertThat(step.get("step")).isEqualTo("OVERDUE");
            assertThat(step.get("details")).isEqualTo(Map.of("dueOn", "2025-10-10"));
            assertThat(ids(get("/api/v1/objections?overdue=true&unitId=" + unit, creditOfficeToken())))
                    .containsExactly(id);

            checkNow(); // the next day's check, the day after: nothing new
            clock.setTo(china("2025-10-13T00:01:00"));
            checkNow();
            assertThat(overdueSteps(id)).isEqualTo(1);

            // A second instance (as after a restart, or scaled out) runs its check at start: still once.
            try (ConfigurableApplicationContext second = new SpringApplicationBuilder(ObjectionApplication.class)
                    .run(IntegrationProperties.arguments(
                            SharedKafka.bootstrapServers(),
                            SharedPostgres.schemaFor("objection"),
                            "--objection.group-id=" + GROUP,
                            "--objection.overdue-check-interval=1h"))) {
                Workers other = second.getBean(Workers.class);
                await().until(() -> other.completedOverdueChecks() >= 1);
            }
            assertThat(overdueSteps(id)).isEqualTo(1);

            awaitOutboxDrained();
            assertThat(objectionRecords(id))
                    .filteredOn(r -> r.value() instanceof ObjectionOverdue)
                    .singleElement()
                    .satisfies(r -> {
                        ObjectionOverdue o = (ObjectionOverdue) r.value();
                        assertThat(o.getDueOn()).isEqualTo(LocalDate.parse("2025-10-10"));
                        assertThat(o.getProviderOrg()).isEqualTo(PROVIDER);
                        assertThat(o.getUnitId()).isEqualTo(unit);
                        assertThat(r.key()).isEqualTo(unit);
                    });

            // The provider may still decide; an overdue objection is not closed by the deadline.
            post("/api/v1/objections/" + id + "/decision", providerToken(), Map.of("finding", "NOT_TRUE"))
                    .expectStatus()
                    .isOk();
        } finally {
            clock.reset();
        }
    }

    private static List<String> ids(WebTestClient.ResponseSpec r) {
        Map<?, ?> body =
                r.expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        return ((List<?>) body.get("objections"))
                .stream().map(o -> (String) ((Map<?, ?>) o).get("objectionId")).toList();
    }

    /**
     * Issue 16 §5: filed on 2026-12-29 before the notice for 2027 is in, the due date is counted with Monday to Friday
     * standing in (2027-01-01 a working day) and flagged; the notice, put on its topic, is in force in this running
     * service for the next objection; the first keeps its date and its flag.
     */
    @Test
    void aDueDateCountedThroughAYearWithoutItsNoticeIsFlaggedAndTheNoticeNeedsNoRestart() {
        String unit = Events.newUnitId();
        var first = knownFact(unit);
        var second = knownFact(unit);
        try {
            clock.setTo(china("2026-12-29T10:00:00"));
            String early = fileObjection(first);
            assertDue(early, "2027-01-05", true);

            events.send(
                    IntegrityTopics.REFERENCE_DATA.name(),
                    "CALENDAR_NOTICE:2027",
                    ReferenceDocuments.notice(
                            2027,
                            "{\"years\":{\"2027\":{\"off\":[\"01-01..01-03\"],\"makeUp\":[]}}}",
                            china("2026-12-29T12:00:00")));
            await().until(() -> calendar.isCovered(2027));

            clock.setTo(china("2026-12-29T13:00:00"));
            String later = fileObjection(second);
            assertDue(later, "2027-01-06", false);
            assertDue(early, "2027-01-05", true);
        } finally {
            clock.reset();
        }
    }

    private void assertDue(String id, String dueOn, boolean provisional) {
        Map<?, ?> o = objection(id);
        assertThat(o.get("dueOn")).isEqualTo(dueOn);
        assertThat(o.get("dueOnProvisional")).isEqualTo(provisional);
    }
}

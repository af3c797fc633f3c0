package cn.jiyuan.integrity.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.scoring.FactState;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.schemas.avro.ReferenceDocument;
import cn.jiyuan.integrity.schemas.avro.ReferenceKind;
import cn.jiyuan.integrity.support.facts.RulesFacts;
import cn.jiyuan.integrity.support.reference.ReferenceData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 16 §5: a deadline counted over New Year before the State Council's notice for the new year was in is flagged,
 * and counted again with the notice once it is.
 */
class FactViewsTest {

    private static final LocalDate MONDAY = LocalDate.of(2026, 12, 28);
    private static final Instant RECORDED = Instant.parse("2026-12-29T02:00:00Z");

    private final ReferenceData reference = new ReferenceData(WorkdayCalendar.standard(), Catalogs.standard());
    private final FactViews views = new FactViews(reference);

    @Test
    void aDeadlineCountedOnTheFallbackIsProvisionalUntilTheNoticeIsInThenCountedWithIt() {
        // As ingest recorded it on 2026-12-29: seven weekdays, 2027-01-01 (a Friday) among them.
        LocalDate fallbackDeadline = WorkdayCalendar.standard().reportingDeadline(MONDAY);
        assertThat(fallbackDeadline).isEqualTo(LocalDate.of(2027, 1, 6));
        CreditFact fact = fact(RECORDED, fallbackDeadline);

        FactViews.EventView before = view(fact);
        assertThat(before.deadline()).isEqualTo(LocalDate.of(2027, 1, 6));
        assertThat(before.deadlineProvisional()).isTrue();

        reference.apply(notice(Instant.parse("2026-12-30T01:00:00Z")));
        FactViews.EventView after = view(fact);
        assertThat(after.deadline()).as("New Year's Day is off").isEqualTo(LocalDate.of(2027, 1, 7));
        assertThat(after.deadlineProvisional()).isFalse();
        assertThat(after.late()).isFalse();
    }

    @Test
    void aDeadlineCountedWithTheNoticeIsShownAsRecorded() {
        reference.apply(notice(Instant.parse("2026-12-28T01:00:00Z")));
        CreditFact fact = fact(RECORDED, LocalDate.of(2027, 1, 7));
        FactViews.EventView view = view(fact);
        assertThat(view.deadline()).isEqualTo(LocalDate.of(2027, 1, 7));
        assertThat(view.deadlineProvisional()).isFalse();
    }

    private FactViews.EventView view(CreditFact fact) {
        return views.view(
                fact,
                new FactState(fact.getEventId(), FactStatus.COUNTED, (cn.jiyuan.integrity.rules.facts.CreditFact)
                        RulesFacts.of(fact)),
                false,
                List.of(),
                false);
    }

    private static CreditFact fact(Instant recordedAt, LocalDate deadline) {
        return CreditFact.newBuilder()
                .setEventId("6f0c7c1e-3d52-4f3a-9a51-2b8f3c1d9e01")
                .setUnitId("FGTJJ")
                .setIndicator("4.1")
                .setOutcome("LIGHT_DISCIPLINE")
                .setPoints(new BigDecimal("-1.00"))
                .setPeriod(null)
                .setOccurredOn(MONDAY)
                .setReference("ref")
                .setSummary("summary")
                .setPersons(List.of())
                .setRecordedAt(recordedAt)
                .setProviderOrg("JGW")
                .setSubmittedBy("test")
                .setLate(false)
                .setDeadline(deadline)
                .setCatalogVersion("jgb-2022-44")
                .build();
    }

    private static ReferenceDocument notice(Instant uploadedAt) {
        return ReferenceDocument.newBuilder()
                .setDocumentId("1c0c7c1e-3d52-4f3a-9a51-2b8f3c1d9e01")
                .setKind(ReferenceKind.CALENDAR_NOTICE)
                .setName("2027")
                .setContent("{\"years\":{\"2027\":{\"off\":[\"01-01..01-03\"],\"makeUp\":[]}}}")
                .setSha256("00".repeat(32))
                .setUploadedBy("xyb")
                .setUploadedAt(uploadedAt)
                .build();
    }
}

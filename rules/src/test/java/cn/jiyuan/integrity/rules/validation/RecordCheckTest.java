package cn.jiyuan.integrity.rules.validation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.Person;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Records as a forger or a broken writer could put them on the topics (review K1, K2). */
class RecordCheckTest {

    private static final Instant RECORDED = Instant.parse("2026-03-02T02:00:00Z");
    private static final long WRITTEN = RECORDED.toEpochMilli();
    private final RecordCheck check = RecordCheck.standard();

    private static FactSubmission penalty(String points) {
        return new FactSubmission(
                "3f8a1a8e-0000-4000-8000-000000000001",
                "KJZ",
                "6.4",
                "PENALISED",
                new BigDecimal(points),
                null,
                LocalDate.of(2026, 2, 20),
                "济发〔2026〕1号",
                null,
                List.of(new Person("张三", "副局长")));
    }

    @Test
    void aFactTheIngestWouldHaveAcceptedPasses() {
        assertThat(check.creditFact(penalty("2.50"), "DGWBGS", RECORDED, WRITTEN))
                .isEmpty();
    }

    @Test
    void aNegativePenaltyOrTheWrongProviderIsRefused() {
        assertThat(check.creditFact(penalty("-50"), "DGWBGS", RECORDED, WRITTEN))
                .hasValueSatisfying(r -> assertThat(r).contains("points"));
        assertThat(check.creditFact(penalty("2"), "WMB", RECORDED, WRITTEN))
                .hasValueSatisfying(r -> assertThat(r).contains("providerOrg"));
    }

    @Test
    void aSelfReportedHonourComesFromTheUnitItself() {
        FactSubmission honour = new FactSubmission(
                "3f8a1a8e-0000-4000-8000-000000000002",
                "KJZ",
                "7.4",
                "NATIONAL",
                null,
                null,
                LocalDate.of(2026, 2, 20),
                null,
                null,
                null);
        assertThat(check.creditFact(honour, "KJZ", RECORDED, WRITTEN)).isEmpty();
        assertThat(check.creditFact(honour, "SFJ", RECORDED, WRITTEN)).isPresent();
    }

    @Test
    void nothingIsRecordedAfterItWasWritten() {
        Instant later = RECORDED.plus(Duration.ofMinutes(6));
        assertThat(check.creditFact(penalty("2"), "DGWBGS", later, WRITTEN))
                .hasValueSatisfying(r -> assertThat(r).contains("recordedAt"));
        assertThat(check.registration("KJZ", "克井镇", Instant.parse("2100-01-01T00:00:00Z"), WRITTEN))
                .isPresent();
        assertThat(check.registration("KJZ", "克井镇", RECORDED.plus(Duration.ofMinutes(4)), WRITTEN))
                .isEmpty();
    }

    @Test
    void aRegistrationNeedsAUnitIdAndAStorableName() {
        assertThat(check.registration("KJZ", "a\u0000b", RECORDED, WRITTEN))
                .hasValueSatisfying(r -> assertThat(r).contains("name"));
        assertThat(check.registration("K J", "克井镇", RECORDED, WRITTEN)).isPresent();
        assertThat(check.registration("KJZ", " ", RECORDED, WRITTEN)).isPresent();
    }

    @Test
    void listingsComeFromCourts() {
        assertThat(check.debtorListing("(2026)豫9001执1号", "KJZ", "SFY", RECORDED, WRITTEN))
                .isEmpty();
        assertThat(check.debtorListing("(2026)豫9001执1号", "KJZ", "JGW", RECORDED, WRITTEN))
                .isPresent();
        assertThat(check.debtorListing("c\u0000", "KJZ", "SFY", RECORDED, WRITTEN))
                .isPresent();
    }

    @Test
    void aCorrectionMustBeComplete() {
        String id = "3f8a1a8e-0000-4000-8000-000000000003";
        assertThat(check.correction(id, "KJZ", CorrectionKind.DELETE, null, null, null, RECORDED, WRITTEN))
                .isEmpty();
        assertThat(check.correction(id, "KJZ", CorrectionKind.AMEND, null, null, null, RECORDED, WRITTEN))
                .hasValueSatisfying(r -> assertThat(r).contains("AMEND"));
        assertThat(check.correction(
                        id,
                        "KJZ",
                        CorrectionKind.AMEND,
                        "ASSESSED",
                        BigDecimal.ONE,
                        LocalDate.of(2026, 1, 1),
                        RECORDED,
                        WRITTEN))
                .isEmpty();
        assertThat(check.correction("x", "KJZ", CorrectionKind.DELETE, null, null, null, RECORDED, WRITTEN))
                .isPresent();
    }
}

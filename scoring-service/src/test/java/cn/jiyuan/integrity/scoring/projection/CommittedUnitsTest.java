package cn.jiyuan.integrity.scoring.projection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.rules.scoring.IndicatorScore;
import cn.jiyuan.integrity.support.facts.PackedFacts;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommittedUnitsTest {

    @Test
    void theUnitsUsedLongestAgoGoWhenMoreFactsThanTheBoundAreHeld() {
        CommittedUnits units = new CommittedUnits(10);
        units.putAll(Map.of("A", unit("A", 3))); // 4 with the unit itself
        units.putAll(Map.of("B", unit("B", 3)));
        assertThat(units.get("A")).isNotNull(); // A is now the one used last

        units.putAll(Map.of("C", unit("C", 2)));

        assertThat(units.get("B")).isNull();
        assertThat(units.get("A")).isNotNull();
        assertThat(units.get("C")).isNotNull();
        assertThat(units.facts()).isEqualTo(7);
        assertThat(units.size()).isEqualTo(2);
    }

    @Test
    void aUnitCommittedAgainCountsOnceWithItsNewFacts() {
        CommittedUnits units = new CommittedUnits(100);
        units.putAll(Map.of("A", unit("A", 3)));
        units.putAll(Map.of("A", unit("A", 5)));

        assertThat(units.facts()).isEqualTo(6);
        assertThat(units.get("A").facts().facts("A")).hasSize(5);
    }

    @Test
    void aUnitWithMoreFactsThanTheBoundIsNotHeld() {
        CommittedUnits units = new CommittedUnits(3);
        units.putAll(Map.of("A", unit("A", 3)));

        assertThat(units.get("A")).isNull();
        assertThat(units.facts()).isZero();
    }

    @Test
    void equalIndicatorPartsOfDifferentUnitsAreHeldOnce() {
        CommittedUnits units = new CommittedUnits(100);
        units.putAll(Map.of("A", unit("A", 1), "B", unit("B", 1)));

        ScoreRow a = units.get("A").row();
        ScoreRow b = units.get("B").row();
        assertThat(a).isEqualTo(row("A"));
        assertThat(a.indicators().get(0)).isSameAs(b.indicators().get(0));
    }

    @Test
    void unitsReadAheadAreHeldOnlyIfAllFitBesideWhatIsHeld() {
        CommittedUnits units = new CommittedUnits(10);
        units.putAll(Map.of("A", unit("A", 3)));

        assertThat(units.putAllIfRoom(Map.of("B", unit("B", 3), "C", unit("C", 3))))
                .isFalse();

        assertThat(units.holds("A")).isTrue();
        assertThat(units.holds("B")).isFalse();
        assertThat(units.holds("C")).isFalse();
        assertThat(units.facts()).isEqualTo(4);
    }

    @Test
    void aUnitReadAheadDoesNotReplaceWhatTheConsumerCommittedMeanwhile() {
        CommittedUnits units = new CommittedUnits(100);
        units.putAll(Map.of("A", unit("A", 5)));

        assertThat(units.putAllIfRoom(Map.of("A", unit("A", 3), "B", unit("B", 2))))
                .isTrue();

        assertThat(units.get("A").facts().count()).isEqualTo(5);
        assertThat(units.get("B").facts().count()).isEqualTo(2);
        assertThat(units.facts()).isEqualTo(9);
    }

    @Test
    void aNewDayPurgesWhatTheTablesPurgeAndKeepsTheOtherStatuses() {
        CreditFact old = credit("E-old", "2021-06-30");
        CreditFact recent = credit("E-new", "2026-06-30");
        Correction ofOld =
                new Correction("X-1", "E-old", "A", CorrectionKind.DELETE, null, Instant.parse("2021-08-01T00:00:00Z"));
        Correction ofRecent =
                new Correction("X-2", "E-new", "A", CorrectionKind.DELETE, null, Instant.parse("2026-08-01T00:00:00Z"));
        CommittedUnits units = new CommittedUnits(100);
        units.putAll(Map.of(
                "A",
                new CommittedUnits.Unit(
                        PackedFacts.of(
                                List.of(old, ofOld, recent, ofRecent),
                                Map.of("E-old", FactStatus.RETRACTED, "E-new", FactStatus.RETRACTED)),
                        row("A")),
                "B",
                unit("B", 2)));

        units.purgeBeyondRetention(LocalDate.parse("2026-11-28"));

        assertThat(units.get("A").facts().facts("A")).containsExactly(recent, ofRecent);
        Map<String, FactStatus> statuses = new java.util.HashMap<>();
        units.get("A").facts().forEach("A", (f, status) -> statuses.put(f.id(), status));
        assertThat(statuses).containsEntry("E-new", FactStatus.RETRACTED).containsEntry("X-2", null);
        assertThat(units.get("A").row()).isEqualTo(row("A"));
        assertThat(units.get("B").facts().count()).isEqualTo(2);
        assertThat(units.facts()).isEqualTo(3 + 3);
    }

    private static CreditFact credit(String eventId, String occurredOn) {
        LocalDate on = LocalDate.parse(occurredOn);
        return new CreditFact(
                eventId,
                "A",
                "6.4",
                "PENALISED",
                BigDecimal.ONE,
                null,
                on,
                on.plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC),
                "DGWBGS");
    }

    @Test
    void clearLetsGoOfEverything() {
        CommittedUnits units = new CommittedUnits(100);
        units.putAll(Map.of("A", unit("A", 3)));
        units.clear();

        assertThat(units.get("A")).isNull();
        assertThat(units.facts()).isZero();
    }

    private static CommittedUnits.Unit unit(String unitId, int facts) {
        List<Fact> list = new ArrayList<>();
        for (int i = 0; i < facts; i++) {
            list.add(new CreditFact(
                    unitId + "-" + i,
                    unitId,
                    "6.4",
                    "PENALISED",
                    BigDecimal.ONE,
                    null,
                    LocalDate.parse("2026-01-01"),
                    Instant.parse("2026-01-02T00:00:00Z"),
                    "DGWBGS"));
        }
        return new CommittedUnits.Unit(PackedFacts.of(list), row(unitId));
    }

    private static ScoreRow row(String unitId) {
        return new ScoreRow(
                unitId,
                0,
                LocalDate.parse("2026-11-28"),
                "2022",
                new BigDecimal("100.00"),
                new BigDecimal("100.00"),
                false,
                true,
                List.of(new IndicatorScore("1.1", new BigDecimal("5.00"), new BigDecimal("5.00"))));
    }
}

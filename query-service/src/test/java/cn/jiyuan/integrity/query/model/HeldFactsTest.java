package cn.jiyuan.integrity.query.model;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.support.facts.PackedFacts;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeldFactsTest {

    private static int n;

    private static PackedFacts facts(int count) {
        List<Fact> facts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            facts.add(fact());
        }
        return PackedFacts.of(facts);
    }

    private static Fact fact() {
        n++;
        return new DebtorListing("L" + n, "(2026)豫0891执" + n + "号", "U", DebtorStatus.LISTED, Instant.EPOCH, "FY");
    }

    @Test
    void theUnitsUsedLongestAgoGoWhenMoreIsHeldThanTheBound() {
        HeldFacts held = new HeldFacts(10);
        held.hold("a", facts(3), true); // 4 with the unit itself
        held.hold("b", facts(3), true); // 8
        held.get("a"); // a is used: b is now the one used longest ago
        held.hold("c", facts(2), true); // 11 > 10: b goes

        assertThat(held.holds("a")).isTrue();
        assertThat(held.holds("b")).isFalse();
        assertThat(held.holds("c")).isTrue();
        assertThat(held.size()).isEqualTo(7);
    }

    @Test
    void theUnitsThatFitBesidesWhatIsHeldAreThoseThatWouldBeHeldWithoutPushingOut() {
        HeldFacts held = new HeldFacts(10);
        held.hold("a", facts(3), false); // 4
        Map<String, List<Fact>> read = Map.of("b", List.of(fact(), fact()), "c", List.of(fact(), fact(), fact()));

        // b takes 3 (7), c's 4 would make 11, d has no facts and takes 1 (8), a is held already
        assertThat(held.fitting(List.of("b", "c", "d", "a"), read)).containsExactly("b", "d");
    }

    @Test
    void withoutPushingOutAUnitIsHeldOnlyIfThereIsRoomAndNeverOneLargerThanTheBound() {
        HeldFacts held = new HeldFacts(10);
        held.hold("a", facts(5), false);
        held.hold("b", facts(4), false); // 6 + 5 > 10: not held, a stays
        held.hold("huge", facts(10), true); // 11 alone: never held, nothing pushed out

        assertThat(held.holds("a")).isTrue();
        assertThat(held.holds("b")).isFalse();
        assertThat(held.holds("huge")).isFalse();
        assertThat(held.size()).isEqualTo(6);
    }

    @Test
    void aNewFactIsAddedOnlyToAUnitHeldAndCanPushOutOthers() {
        HeldFacts held = new HeldFacts(6);
        held.hold("a", facts(2), true); // 3
        held.hold("b", facts(2), true); // 6
        Fact late = fact();
        held.add("b", late); // 7: a goes
        held.add("nobody", fact());

        assertThat(held.get("b").facts("U")).hasSize(3).last().isEqualTo(late);
        assertThat(held.holds("a")).isFalse();
        assertThat(held.holds("nobody")).isFalse();
        assertThat(held.size()).isEqualTo(4);
    }

    @Test
    void aNewDayLetsGoOfTheFactsBeyondRetentionAndWhatIsAboutThem() {
        CreditFact old = new CreditFact(
                "E-old",
                "U",
                "6.4",
                "PENALISED",
                BigDecimal.ONE,
                null,
                LocalDate.parse("2021-06-30"),
                Instant.parse("2021-07-01T00:00:00Z"),
                "DGWBGS");
        CreditFact recent = new CreditFact(
                "E-new",
                "U",
                "6.4",
                "PENALISED",
                BigDecimal.ONE,
                null,
                LocalDate.parse("2026-06-30"),
                Instant.parse("2026-07-01T00:00:00Z"),
                "DGWBGS");
        Correction aboutOld = new Correction(
                "X-old", "E-old", "U", CorrectionKind.DELETE, null, Instant.parse("2021-08-01T00:00:00Z"));
        HeldFacts held = new HeldFacts(100);
        held.hold("U", PackedFacts.of(List.of(old, aboutOld, recent)), true);
        held.hold("V", facts(2), true);

        held.retainOn(LocalDate.parse("2026-11-28"));

        assertThat(held.get("U").facts("U")).containsExactly(recent);
        assertThat(held.get("V").facts("U")).hasSize(2);
        assertThat(held.size()).isEqualTo(2 + 3);
    }
}

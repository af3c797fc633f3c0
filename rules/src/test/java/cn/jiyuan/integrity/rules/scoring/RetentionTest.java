package cn.jiyuan.integrity.rules.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionTest {

    private static CreditFact fact(String id, LocalDate occurredOn, Instant recordedAt) {
        return new CreditFact(id, "U1", "4.1", "LIGHT_DISCIPLINE", null, null, occurredOn, recordedAt, "JGW");
    }

    private static Correction deletion(String id, String of, Instant recordedAt) {
        return new Correction(id, of, "U1", CorrectionKind.DELETE, null, recordedAt);
    }

    @Test
    void aFactBeyondRetentionGoesWithWhatIsAboutItAndAYoungerOneStays() {
        LocalDate today = LocalDate.of(2031, 3, 10);
        CreditFact old = fact("old", LocalDate.of(2026, 3, 10), Instant.parse("2026-03-12T02:00:00Z"));
        CreditFact young = fact("young", LocalDate.of(2026, 3, 11), Instant.parse("2026-03-12T02:00:00Z"));
        Correction ofOld = deletion("x1", "old", Instant.parse("2027-01-05T02:00:00Z"));
        Correction ofYoung = deletion("x2", "young", Instant.parse("2027-01-05T02:00:00Z"));
        // a correction of a fact this store no longer has, recorded on the retention limit: its fact is older still
        Correction orphan = deletion("x3", "gone-before", Instant.parse("2026-03-10T15:59:59Z"));
        Correction orphanNextDay = deletion("x4", "elsewhere", Instant.parse("2026-03-10T16:00:00Z"));

        List<Fact> all = List.of(old, young, ofOld, ofYoung, orphan, orphanNextDay);

        assertThat(Retention.purgedFacts(all, today)).containsExactly("old");
        assertThat(Retention.retained(all, today)).containsExactly(young, ofYoung, orphanNextDay);
        assertThat(Retention.retained(all, today.minusDays(1)))
                .isEqualTo(all); // on the day before, the correction recorded on 2026-03-10 is still held
        assertThat(Retention.holds("young", Instant.parse("2027-01-05T02:00:00Z"), Set.of("old"), today))
                .isTrue();
        assertThat(Retention.holds("old", Instant.parse("2027-01-05T02:00:00Z"), Set.of("old"), today))
                .isFalse();
    }

    @Test
    void aFactsAgeIsCountedFromItsOccurrenceOrItsRecordingAndAListingNeverAges() {
        CreditFact fact = fact("f", LocalDate.of(2026, 3, 1), Instant.parse("2026-03-12T02:00:00Z"));
        // recorded at 00:30 in China on 2027-01-05: its age counts from the Chinese date, not the UTC one
        Correction correction = deletion("x", "f", Instant.parse("2027-01-04T16:30:00Z"));
        DebtorListing listing =
                new DebtorListing("L1", "C1", "U1", DebtorStatus.LISTED, Instant.parse("2020-01-01T00:00:00Z"), "FY");

        assertThat(Retention.ageDate(fact)).isEqualTo(LocalDate.of(2026, 3, 1));
        assertThat(Retention.ageDate(correction)).isEqualTo(LocalDate.of(2027, 1, 5));
        assertThat(Retention.ageDate(listing)).isNull();
    }

    @Test
    void factsWhoseEarliestAgeDateIsWithinRetentionAreAllHeldAndOtherwiseNot() {
        CreditFact old = fact("old", LocalDate.of(2026, 3, 10), Instant.parse("2026-03-12T02:00:00Z"));
        CreditFact young = fact("young", LocalDate.of(2026, 6, 1), Instant.parse("2026-06-02T02:00:00Z"));
        Correction orphan = deletion("x", "elsewhere", Instant.parse("2026-04-30T16:00:00Z")); // 2026-05-01 in China
        List<List<Fact>> sets = List.of(List.of(old, young), List.of(young, orphan), List.of(young), List.of(orphan));

        for (List<Fact> facts : sets) {
            LocalDate earliest = facts.stream()
                    .map(Retention::ageDate)
                    .min(LocalDate::compareTo)
                    .orElseThrow();
            for (LocalDate date = LocalDate.of(2031, 3, 1);
                    date.isBefore(LocalDate.of(2031, 6, 10));
                    date = date.plusDays(1)) {
                assertThat(Retention.allHeld(earliest, date))
                        .as("%s on %s", facts, date)
                        .isEqualTo(Retention.retained(facts, date).size() == facts.size());
            }
        }
        assertThat(Retention.allHeld(null, LocalDate.of(2040, 1, 1))).isTrue(); // nothing that ages
        assertThat(Retention.allHeld(LocalDate.of(2026, 3, 10), LocalDate.of(2031, 3, 9)))
                .isTrue();
        assertThat(Retention.allHeld(LocalDate.of(2026, 3, 10), LocalDate.of(2031, 3, 10)))
                .isFalse();
    }
}

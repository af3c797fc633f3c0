package cn.jiyuan.integrity.rules.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
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
}

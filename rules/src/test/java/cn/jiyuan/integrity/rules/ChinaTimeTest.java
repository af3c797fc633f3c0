package cn.jiyuan.integrity.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChinaTimeTest {

    private static void sameAsTheZoneRules(Instant instant) {
        assertThat(ChinaTime.dateOf(instant))
                .as(instant.toString())
                .isEqualTo(LocalDate.ofInstant(instant, ChinaTime.ZONE));
    }

    @Test
    void midnightInChinaIsSixteenHundredUtcTheDayBefore() {
        assertThat(ChinaTime.dateOf(Instant.parse("2026-11-26T15:59:59.999Z"))).isEqualTo("2026-11-26");
        assertThat(ChinaTime.dateOf(Instant.parse("2026-11-26T16:00:00Z"))).isEqualTo("2026-11-27");
        assertThat(ChinaTime.dateOf(Instant.parse("1969-12-31T16:00:00Z"))).isEqualTo("1970-01-01");
    }

    @Test
    void theArithmeticAgreesWithTheZoneRulesAroundEveryDayAndAcrossTheLastDaylightSavingYears() {
        // China kept daylight-saving time 1986–1991: both sides of its end, and random instants to 2100.
        for (Instant i = Instant.parse("1991-09-01T00:00:00Z");
                i.isBefore(Instant.parse("1991-10-01T00:00:00Z"));
                i = i.plusSeconds(1800)) {
            sameAsTheZoneRules(i);
            sameAsTheZoneRules(i.minusNanos(1));
        }
        Random random = new Random(7);
        for (int n = 0; n < 100_000; n++) {
            sameAsTheZoneRules(Instant.ofEpochSecond(random.nextLong(-1_000_000_000L, 4_102_444_800L), 1));
        }
    }
}

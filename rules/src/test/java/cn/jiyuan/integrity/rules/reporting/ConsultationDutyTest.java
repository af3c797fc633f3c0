package cn.jiyuan.integrity.rules.reporting;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.rights.Purpose;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ConsultationDutyTest {

    @Test
    void aDutyCountsTheDaysOfTheYearItWasInForceUpToToday() {
        var duty = new ConsultationDuty("CZJ", Purpose.FISCAL_FUNDING, LocalDate.of(2025, 7, 1), null, 2);
        LocalDate today = LocalDate.of(2026, 3, 1);
        assertThat(duty.daysIn(2024, today)).isEmpty();
        assertThat(duty.daysIn(2025, today))
                .hasValueSatisfying(
                        d -> assertThat(d).containsExactly(LocalDate.of(2025, 7, 1), LocalDate.of(2025, 12, 31)));
        assertThat(duty.daysIn(2026, today))
                .hasValueSatisfying(d -> assertThat(d).containsExactly(LocalDate.of(2026, 1, 1), today));
        var ended = new ConsultationDuty(
                "CZJ", Purpose.FISCAL_FUNDING, LocalDate.of(2025, 7, 1), LocalDate.of(2025, 9, 30), 1);
        assertThat(ended.daysIn(2025, today))
                .hasValueSatisfying(d -> assertThat(d[1]).isEqualTo(LocalDate.of(2025, 9, 30)));
        assertThat(ended.daysIn(2026, today)).isEmpty();
        assertThat(duty.metBy(1)).isFalse();
        assertThat(duty.metBy(2)).isTrue();
    }
}

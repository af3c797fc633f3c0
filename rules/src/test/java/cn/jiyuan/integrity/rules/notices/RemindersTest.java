package cn.jiyuan.integrity.rules.notices;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RemindersTest {

    private final WorkdayCalendar calendar = WorkdayCalendar.standard();

    @Test
    void twoWorkingDaysBeforeTheDeadline() {
        // due Friday 2025-03-14: reminded on Wednesday the 12th
        assertThat(Reminders.remindOn(LocalDate.of(2025, 3, 14), calendar)).isEqualTo(LocalDate.of(2025, 3, 12));
        // due Tuesday 2025-03-18: reminded on Friday the 14th, over the weekend
        assertThat(Reminders.remindOn(LocalDate.of(2025, 3, 18), calendar)).isEqualTo(LocalDate.of(2025, 3, 14));
        // due 2025-10-10 after National Day: 10-09 and 09-30 are the two working days before it
        assertThat(Reminders.remindOn(LocalDate.of(2025, 10, 10), calendar)).isEqualTo(LocalDate.of(2025, 9, 30));
    }
}

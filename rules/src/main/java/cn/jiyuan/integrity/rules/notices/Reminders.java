package cn.jiyuan.integrity.rules.notices;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import java.time.LocalDate;

/** When a provider is reminded of a deadline: two working days before it (the deadline itself not counted). */
public final class Reminders {

    public static final int WORKING_DAYS_BEFORE = 2;

    private Reminders() {}

    /** The working day {@value #WORKING_DAYS_BEFORE} working days before {@code deadline}. */
    public static LocalDate remindOn(LocalDate deadline, WorkdayCalendar calendar) {
        LocalDate d = deadline;
        for (int counted = 0; counted < WORKING_DAYS_BEFORE; ) {
            d = d.minusDays(1);
            if (calendar.isWorkingDay(d)) {
                counted++;
            }
        }
        return d;
    }
}

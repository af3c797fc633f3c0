package cn.jiyuan.integrity.rules;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Dates in the measures are China Standard Time: "today" and the date of a recordedAt (SCORING.md §2). */
public final class ChinaTime {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** 第十五条: only information that arose on or after this date is accepted. */
    public static final LocalDate FIRST_ACCEPTED_DAY = LocalDate.of(2021, 1, 1);

    private ChinaTime() {}

    public static LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZONE);
    }
}

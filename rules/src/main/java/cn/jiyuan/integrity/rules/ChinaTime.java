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

    /**
     * China Standard Time has been UTC+8 all year since its last daylight-saving period ended on 1991-09-15; from then
     * on a date is plain arithmetic (every consumer takes the date of every record it reads).
     */
    private static final long LAST_TRANSITION_EPOCH_SECOND = ZONE.getRules()
            .previousTransition(Instant.parse("2000-01-01T00:00:00Z"))
            .getInstant()
            .getEpochSecond();

    private static final int OFFSET_SECONDS = 8 * 3600;

    public static LocalDate dateOf(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < LAST_TRANSITION_EPOCH_SECOND) {
            return LocalDate.ofInstant(instant, ZONE);
        }
        return LocalDate.ofEpochDay(Math.floorDiv(seconds + OFFSET_SECONDS, 86_400L));
    }
}

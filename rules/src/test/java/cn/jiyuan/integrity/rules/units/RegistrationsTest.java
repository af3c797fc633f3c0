package cn.jiyuan.integrity.rules.units;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.Facts;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegistrationsTest {

    private record Reg(String name, boolean active, Instant at) {}

    private static final List<Reg> HISTORY = List.of(
            new Reg("克井镇", true, Facts.chinaMorning("2026-01-05")),
            new Reg("克井镇人民政府", true, Facts.chinaMorning("2026-03-02")),
            new Reg("克井镇人民政府", false, Facts.chinaMorning("2026-06-01")),
            new Reg("克井镇人民政府", true, Facts.chinaMorning("2026-09-01")));

    private static Reg on(String date) {
        List<Reg> newestFirst = new ArrayList<>(HISTORY);
        Collections.reverse(newestFirst); // the order does not matter
        return Registrations.inForceOn(newestFirst, Reg::at, LocalDate.parse(date));
    }

    @Test
    void aUnitTakesPartOnADateAsItsLatestRegistrationRecordedByThenSays() {
        assertThat(on("2026-01-04")).isNull(); // not registered yet
        assertThat(on("2026-01-05").name()).isEqualTo("克井镇"); // from the day it was recorded
        assertThat(on("2026-03-01").name()).isEqualTo("克井镇");
        assertThat(on("2026-03-02").name()).isEqualTo("克井镇人民政府");
        assertThat(on("2026-07-01").active()).isFalse();
        assertThat(on("2026-11-27").active()).isTrue();
    }

    @Test
    void oneAtATimeInAnyOrderTheSameRegistrationWins() {
        LocalDate d = LocalDate.parse("2026-07-01");
        Reg current = null;
        for (Reg r : List.of(HISTORY.get(2), HISTORY.get(3), HISTORY.get(0), HISTORY.get(1))) {
            if (Registrations.replaces(current == null ? null : current.at(), r.at(), d)) {
                current = r;
            }
        }
        assertThat(current).isEqualTo(HISTORY.get(2));
    }
}

package cn.jiyuan.integrity.rules.calendar;

import java.util.List;

/** A working-day calendar, or one year's notice, that cannot be used; lists every problem, each naming its place. */
public class CalendarException extends IllegalArgumentException {

    private final List<String> problems;

    public CalendarException(List<String> problems) {
        super("calendar is invalid: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each as {@code "<where>: <what>"}, e.g. {@code "2027.off[2]: 05-05..05-01 ends before it starts"}. */
    public List<String> problems() {
        return problems;
    }
}

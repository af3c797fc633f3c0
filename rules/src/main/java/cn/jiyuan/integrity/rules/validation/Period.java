package cn.jiyuan.integrity.rules.validation;

import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An assessed period: {@code 2025}, {@code 2025-H1}, {@code 2025-Q2} or {@code 2025-03}. */
public record Period(Kind kind, int year, int index) {

    public enum Kind {
        YEAR,
        HALF_YEAR,
        QUARTER,
        MONTH;
    }

    private static final Pattern FORMAT = Pattern.compile("(\\d{4})(?:-H([12])|-Q([1-4])|-(0[1-9]|1[0-2]))?");

    public static Optional<Period> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        int year = Integer.parseInt(m.group(1));
        if (m.group(2) != null) {
            return Optional.of(new Period(Kind.HALF_YEAR, year, Integer.parseInt(m.group(2))));
        }
        if (m.group(3) != null) {
            return Optional.of(new Period(Kind.QUARTER, year, Integer.parseInt(m.group(3))));
        }
        if (m.group(4) != null) {
            return Optional.of(new Period(Kind.MONTH, year, Integer.parseInt(m.group(4))));
        }
        return Optional.of(new Period(Kind.YEAR, year, 1));
    }

    /** The first day of the period. */
    public LocalDate start() {
        return switch (kind) {
            case YEAR -> LocalDate.of(year, 1, 1);
            case HALF_YEAR -> LocalDate.of(year, index == 1 ? 1 : 7, 1);
            case QUARTER -> LocalDate.of(year, (index - 1) * 3 + 1, 1);
            case MONTH -> LocalDate.of(year, index, 1);
        };
    }
}

package cn.jiyuan.integrity.rules.validation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An assessed period: {@code 2025}, {@code 2025-H1}, {@code 2025-Q2} or {@code 2025-03}. */
public record Period(Kind kind, int year, int index) {

    public enum Kind {
        YEAR,
        HALF_YEAR,
        QUARTER,
        MONTH;
    }

    /**
     * {@code yyyy}, {@code yyyy-H1|2}, {@code yyyy-Q1..4} or {@code yyyy-01..12}, read without a regular expression:
     * every consumer checks every assessed fact with it.
     */
    public static Optional<Period> parse(String text) {
        if (text == null || (text.length() != 4 && text.length() != 7) || !digits(text, 0, 4)) {
            return Optional.empty();
        }
        int year = Integer.parseInt(text, 0, 4, 10);
        if (text.length() == 4) {
            return Optional.of(new Period(Kind.YEAR, year, 1));
        }
        if (text.charAt(4) != '-') {
            return Optional.empty();
        }
        char a = text.charAt(5);
        char b = text.charAt(6);
        if (a == 'H' && (b == '1' || b == '2')) {
            return Optional.of(new Period(Kind.HALF_YEAR, year, b - '0'));
        }
        if (a == 'Q' && b >= '1' && b <= '4') {
            return Optional.of(new Period(Kind.QUARTER, year, b - '0'));
        }
        if (digits(text, 5, 7)) {
            int month = (a - '0') * 10 + (b - '0');
            if (month >= 1 && month <= 12) {
                return Optional.of(new Period(Kind.MONTH, year, month));
            }
        }
        return Optional.empty();
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Every period of {@code kind} in {@code year}, in order. */
    public static List<Period> of(Kind kind, int year) {
        int count = switch (kind) {
            case YEAR -> 1;
            case HALF_YEAR -> 2;
            case QUARTER -> 4;
            case MONTH -> 12;
        };
        List<Period> periods = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            periods.add(new Period(kind, year, i));
        }
        return periods;
    }

    /** The last day of the period. */
    public LocalDate end() {
        return switch (kind) {
            case YEAR -> LocalDate.of(year, 12, 31);
            case HALF_YEAR -> start().plusMonths(6).minusDays(1);
            case QUARTER -> start().plusMonths(3).minusDays(1);
            case MONTH -> start().plusMonths(1).minusDays(1);
        };
    }

    /** As written in a fact: {@code 2025}, {@code 2025-H1}, {@code 2025-Q2}, {@code 2025-03}. */
    @Override
    public String toString() {
        return switch (kind) {
            case YEAR -> String.valueOf(year);
            case HALF_YEAR -> year + "-H" + index;
            case QUARTER -> year + "-Q" + index;
            case MONTH -> String.format("%d-%02d", year, index);
        };
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

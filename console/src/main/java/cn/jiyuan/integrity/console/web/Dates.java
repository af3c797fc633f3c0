package cn.jiyuan.integrity.console.web;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** A date a person typed into a page: blank means "today, as the service reckons it". */
public final class Dates {

    private Dates() {}

    /** The date, or null when blank or not a date (the page then asks the service for today). */
    public static LocalDate parseOrNull(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}

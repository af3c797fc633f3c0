package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.support.refusals.Refusal;
import java.time.LocalDate;

/** A {@code year} parameter of a report: a year the measures apply to, not after this one (400 naming it else). */
final class Years {

    private Years() {}

    /** {@code year}, or this year when it is null. */
    static int parse(String year, LocalDate today) {
        if (year == null) {
            return today.getYear();
        }
        try {
            int y = Integer.parseInt(year);
            if (y >= ChinaTime.FIRST_ACCEPTED_DAY.getYear() && y <= today.getYear()) {
                return y;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw Refusal.invalid(
                "year", "must be a year from " + ChinaTime.FIRST_ACCEPTED_DAY.getYear() + " to " + today.getYear());
    }
}

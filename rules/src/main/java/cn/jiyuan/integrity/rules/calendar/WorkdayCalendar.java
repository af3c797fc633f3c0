package cn.jiyuan.integrity.rules.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Working days: Monday–Friday, minus statutory days off, plus make-up working days (调休), per year, from the State
 * Council's yearly notice. The years are data ({@code cn-workdays.json}) that the credit office corrects and extends
 * each November. For a year without data the calendar falls back to Monday–Friday and says so, once per year, through
 * {@link System.Logger} and {@link #isCovered(int)}.
 */
public final class WorkdayCalendar {

    private static final System.Logger LOG = System.getLogger(WorkdayCalendar.class.getName());
    private static final String RESOURCE = "/cn/jiyuan/integrity/rules/calendar/cn-workdays.json";

    /** 第十一条: information reaches the platform within seven working days. */
    public static final int REPORTING_WORKING_DAYS = 7;

    /** 第十四条: the provider decides an objection within five working days. */
    public static final int OBJECTION_WORKING_DAYS = 5;

    private final Map<Integer, Year> years;
    private final Set<Integer> warned = ConcurrentHashMap.newKeySet();

    private record Year(Set<LocalDate> off, Set<LocalDate> makeUp) {}

    private WorkdayCalendar(Map<Integer, Year> years) {
        this.years = Collections.unmodifiableMap(new TreeMap<>(years));
    }

    /** The calendar shipped with this library. */
    public static WorkdayCalendar standard() {
        return Holder.STANDARD;
    }

    public static WorkdayCalendar load(InputStream json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("calendar is not valid JSON: " + e.getOriginalMessage(), e);
        }
        Map<Integer, Year> years = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        root.path("years").properties().forEach(e -> {
            int year = Integer.parseInt(e.getKey());
            Set<LocalDate> off = new HashSet<>();
            for (JsonNode range : e.getValue().path("off")) {
                String[] ends = range.asString().split("\\.\\.");
                LocalDate from = day(year, ends[0]);
                LocalDate to = ends.length > 1 ? day(year, ends[1]) : from;
                for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                    off.add(d);
                }
            }
            Set<LocalDate> makeUp = new HashSet<>();
            for (JsonNode d : e.getValue().path("makeUp")) {
                LocalDate date = day(year, d.asString());
                if (!isWeekend(date)) {
                    problems.add(date + " is listed as a make-up working day but is not a Saturday or Sunday");
                }
                if (off.contains(date)) {
                    problems.add(date + " is listed both as off and as a make-up working day");
                }
                makeUp.add(date);
            }
            years.put(year, new Year(Set.copyOf(off), Set.copyOf(makeUp)));
        });
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("calendar is invalid: " + String.join("; ", problems));
        }
        return new WorkdayCalendar(years);
    }

    private static LocalDate day(int year, String monthDay) {
        return LocalDate.parse(year + "-" + monthDay.strip());
    }

    private static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /** Whether the calendar has the State Council's data for {@code year}. */
    public boolean isCovered(int year) {
        return years.containsKey(year);
    }

    public SortedSet<Integer> coveredYears() {
        return new TreeSet<>(years.keySet());
    }

    public boolean isWorkingDay(LocalDate date) {
        Year year = years.get(date.getYear());
        if (year == null) {
            if (warned.add(date.getYear())) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "No working-day data for {0}: counting Monday to Friday only. Add the year to the calendar.",
                        String.valueOf(date.getYear()));
            }
            return !isWeekend(date);
        }
        if (year.makeUp().contains(date)) {
            return true;
        }
        return !isWeekend(date) && !year.off().contains(date);
    }

    /** The {@code n}th working day after {@code date}, that day itself not counted. */
    public LocalDate plusWorkingDays(LocalDate date, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative");
        }
        LocalDate d = date;
        for (int counted = 0; counted < n; ) {
            d = d.plusDays(1);
            if (isWorkingDay(d)) {
                counted++;
            }
        }
        return d;
    }

    /** The working days after {@code from} up to and including {@code to} (0 when {@code to} is not after it). */
    public int workingDaysAfter(LocalDate from, LocalDate to) {
        int n = 0;
        for (LocalDate d = from.plusDays(1); !d.isAfter(to); d = d.plusDays(1)) {
            if (isWorkingDay(d)) {
                n++;
            }
        }
        return n;
    }

    /** 第十一条/第十二条: how many working days after its deadline a fact was recorded (0 when on time). */
    public int workingDaysLate(LocalDate occurredOn, LocalDate recordedOn) {
        return workingDaysAfter(reportingDeadline(occurredOn), recordedOn);
    }

    /** 第十一条: the last day on which information that arose on {@code occurredOn} is on time. */
    public LocalDate reportingDeadline(LocalDate occurredOn) {
        return plusWorkingDays(occurredOn, REPORTING_WORKING_DAYS);
    }

    /** 第十一条: late iff the date it was recorded is after the reporting deadline. */
    public boolean isLate(LocalDate occurredOn, LocalDate recordedOn) {
        return recordedOn.isAfter(reportingDeadline(occurredOn));
    }

    /** 第十四条: the last day of the provider's five working days for an objection filed on {@code filedOn}. */
    public LocalDate objectionDueOn(LocalDate filedOn) {
        return plusWorkingDays(filedOn, OBJECTION_WORKING_DAYS);
    }

    private static final class Holder {
        static final WorkdayCalendar STANDARD = loadStandard();

        private static WorkdayCalendar loadStandard() {
            try (InputStream in = WorkdayCalendar.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the classpath");
                }
                return load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

package cn.jiyuan.integrity.rules.calendar;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Working days: Monday–Friday, minus statutory days off, plus make-up working days (调休), per year, from the State
 * Council's yearly notice. The years are data: the shipped {@code cn-workdays.json}, and the notices the credit office
 * uploads each November ({@link #with(Notice)}). For a year without data the calendar falls back to Monday–Friday and
 * says so, once per year, through {@link System.Logger}, {@link #isCovered(int)} and {@link #onFallback}.
 *
 * <p>A calendar is a value; {@link #following} makes a view that always answers with the calendar a supplier gives,
 * which is how a running service takes up a new notice without a restart.
 */
public final class WorkdayCalendar {

    private static final System.Logger LOG = System.getLogger(WorkdayCalendar.class.getName());
    private static final String RESOURCE = "/cn/jiyuan/integrity/rules/calendar/cn-workdays.json";
    private static final Pattern DAY = Pattern.compile("\\d{2}-\\d{2}");
    private static final Set<String> NOTICE_FIELDS = Set.of("off", "makeUp");

    /** 第十一条: information reaches the platform within seven working days. */
    public static final int REPORTING_WORKING_DAYS = 7;

    /** 第十四条: the provider decides an objection within five working days. */
    public static final int OBJECTION_WORKING_DAYS = 5;

    /**
     * The longest run of days off a notice may give: the longest so far is nine (Spring Festival 2026); a longer
     * one is a typing error (a month mistyped), not a holiday.
     */
    public static final int MOST_DAYS_OFF_IN_A_ROW = 15;

    private final Supplier<Days> days;
    private final Set<Integer> warned = ConcurrentHashMap.newKeySet();

    /**
     * One year's notice as written: the days off ({@code "MM-DD"} or {@code "MM-DD..MM-DD"}; a range from December to
     * January starts in the year before, as the New Year holiday sometimes does) and the make-up working days.
     */
    public record Notice(int year, List<String> off, List<String> makeUp) {
        public Notice {
            off = List.copyOf(off);
            makeUp = List.copyOf(makeUp);
        }
    }

    /** A notice with its dates read; the days off may include some of the year before. */
    private record ReadNotice(Notice notice, Set<LocalDate> off, Set<LocalDate> makeUp) {}

    /** Every notice by year, and the dates of all of them together. */
    private record Days(SortedMap<Integer, ReadNotice> notices, Set<LocalDate> off, Set<LocalDate> makeUp) {

        static Days of(SortedMap<Integer, ReadNotice> notices) {
            Set<LocalDate> off = new HashSet<>();
            Set<LocalDate> makeUp = new HashSet<>();
            notices.values().forEach(n -> {
                off.addAll(n.off());
                makeUp.addAll(n.makeUp());
            });
            return new Days(Collections.unmodifiableSortedMap(notices), Set.copyOf(off), Set.copyOf(makeUp));
        }
    }

    private WorkdayCalendar(Supplier<Days> days) {
        this.days = days;
    }

    private static WorkdayCalendar of(Days days) {
        return new WorkdayCalendar(() -> days);
    }

    /** The calendar shipped with this library. */
    public static WorkdayCalendar standard() {
        return Holder.STANDARD;
    }

    /** A view that answers, at each call, with the calendar {@code current} gives then. */
    public static WorkdayCalendar following(Supplier<WorkdayCalendar> current) {
        return new WorkdayCalendar(() -> current.get().days.get());
    }

    /**
     * A calendar of the years in a document {@code { "years": { "2027": { "off": [...], "makeUp": [...] } } }}.
     *
     * @throws CalendarException naming every problem
     */
    public static WorkdayCalendar load(InputStream json) {
        WorkdayCalendar calendar = of(Days.of(new TreeMap<>()));
        for (Notice notice : notices(json)) {
            calendar = calendar.with(notice);
        }
        return calendar;
    }

    /**
     * The notices of a document as {@link #load} reads it, each checked.
     *
     * @throws CalendarException naming every problem
     */
    public static List<Notice> notices(InputStream json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JacksonException e) {
            throw new CalendarException(List.of("calendar: not valid JSON: " + e.getOriginalMessage()));
        }
        List<String> problems = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        root.path("years").properties().forEach(e -> {
            if (!e.getKey().matches("\\d{4}")) {
                problems.add(e.getKey() + ": not a year");
                return;
            }
            int year = Integer.parseInt(e.getKey());
            JsonNode entry = e.getValue();
            entry.propertyNames().stream()
                    .filter(name -> !NOTICE_FIELDS.contains(name))
                    .forEach(name -> problems.add(year + "." + name + ": unknown field"));
            Notice notice = new Notice(year, strings(entry.path("off")), strings(entry.path("makeUp")));
            try {
                read(notice);
                notices.add(notice);
            } catch (CalendarException refused) {
                problems.addAll(refused.problems());
            }
        });
        if (!problems.isEmpty()) {
            throw new CalendarException(problems);
        }
        return notices;
    }

    /**
     * One year's notice, checked as {@link #load} checks it.
     *
     * @throws CalendarException naming every problem
     */
    public static Notice notice(int year, List<String> off, List<String> makeUp) {
        Notice notice = new Notice(year, off, makeUp);
        read(notice);
        return notice;
    }

    /**
     * This calendar with {@code notice} in place of its year's earlier one, if any.
     *
     * @throws CalendarException if the notice has a problem, or makes a working day of another notice's day off
     */
    public WorkdayCalendar with(Notice notice) {
        ReadNotice read = read(notice);
        SortedMap<Integer, ReadNotice> notices = new TreeMap<>(days.get().notices());
        notices.remove(notice.year());
        List<String> problems = new ArrayList<>();
        for (ReadNotice other : notices.values()) {
            for (int i = 0; i < notice.makeUp().size(); i++) {
                LocalDate d = day(notice.year(), notice.makeUp().get(i));
                if (other.off().contains(d)) {
                    problems.add(notice.year() + ".makeUp[" + i + "]: " + d + " is a day off in the notice for "
                            + other.notice().year());
                }
            }
            for (LocalDate d : read.off()) {
                if (other.makeUp().contains(d)) {
                    problems.add(notice.year() + ".off: " + d + " is a make-up working day in the notice for "
                            + other.notice().year());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new CalendarException(problems);
        }
        notices.put(notice.year(), read);
        return of(Days.of(notices));
    }

    /** The notice this calendar has for {@code year}. */
    public Optional<Notice> notice(int year) {
        return Optional.ofNullable(days.get().notices().get(year)).map(ReadNotice::notice);
    }

    private static ReadNotice read(Notice notice) {
        int year = notice.year();
        List<String> problems = new ArrayList<>();
        if (year < 2000 || year > 2100) {
            problems.add(year + ": not a year this calendar can hold (2000–2100)");
            throw new CalendarException(problems);
        }
        Set<LocalDate> off = new HashSet<>();
        if (notice.off().isEmpty()) {
            problems.add(year + ".off: no days off");
        }
        for (int i = 0; i < notice.off().size(); i++) {
            String where = year + ".off[" + i + "]: ";
            String text = notice.off().get(i).strip();
            String[] ends = text.split("\\.\\.", -1);
            if (ends.length > 2
                    || Arrays.stream(ends).anyMatch(end -> !DAY.matcher(end).matches())) {
                problems.add(where + text + " is neither MM-DD nor MM-DD..MM-DD");
                continue;
            }
            LocalDate from = dayOrNull(year, ends[0]);
            LocalDate to = ends.length > 1 ? dayOrNull(year, ends[1]) : from;
            if (from == null || to == null) {
                problems.add(where + (from == null ? ends[0] : ends[1]) + " is not a day of " + year);
                continue;
            }
            if (to.isBefore(from)) {
                if (from.getMonthValue() == 12 && to.getMonthValue() == 1) {
                    from = from.minusYears(1); // the New Year holiday, begun in the year before
                } else {
                    problems.add(where + text + " ends before it starts");
                    continue;
                }
            }
            long length = ChronoUnit.DAYS.between(from, to) + 1;
            if (length > MOST_DAYS_OFF_IN_A_ROW) {
                problems.add(where + text + " is " + length + " days off in a row, more than any notice gives ("
                        + MOST_DAYS_OFF_IN_A_ROW + ")");
                continue;
            }
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                off.add(d);
            }
        }
        Set<LocalDate> makeUp = new HashSet<>();
        for (int i = 0; i < notice.makeUp().size(); i++) {
            String where = year + ".makeUp[" + i + "]: ";
            String text = notice.makeUp().get(i).strip();
            LocalDate date = DAY.matcher(text).matches() ? dayOrNull(year, text) : null;
            if (date == null) {
                problems.add(where + text + " is not a day of " + year + " written MM-DD");
                continue;
            }
            if (!isWeekend(date)) {
                problems.add(where + date + " is not a Saturday or Sunday");
            }
            if (off.contains(date)) {
                problems.add(where + date + " is also a day off");
            }
            makeUp.add(date);
        }
        if (!problems.isEmpty()) {
            throw new CalendarException(problems);
        }
        return new ReadNotice(notice, Set.copyOf(off), Set.copyOf(makeUp));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode value : array) {
            values.add(value.asString());
        }
        return values;
    }

    private static LocalDate dayOrNull(int year, String monthDay) {
        try {
            return day(year, monthDay);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalDate day(int year, String monthDay) {
        return LocalDate.parse(year + "-" + monthDay.strip());
    }

    private static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /** Whether the calendar has the State Council's data for {@code year}. */
    public boolean isCovered(int year) {
        return days.get().notices().containsKey(year);
    }

    public SortedSet<Integer> coveredYears() {
        return new TreeSet<>(days.get().notices().keySet());
    }

    /**
     * Whether a count of working days after {@code from} up to {@code to} went through a year this calendar has no
     * notice for, so that Monday–Friday stood in for it: a deadline so computed is provisional.
     */
    public boolean onFallback(LocalDate from, LocalDate to) {
        if (!to.isAfter(from)) {
            return false;
        }
        Days d = days.get();
        for (int year = from.plusDays(1).getYear(); year <= to.getYear(); year++) {
            if (!d.notices().containsKey(year)) {
                return true;
            }
        }
        return false;
    }

    public boolean isWorkingDay(LocalDate date) {
        Days d = days.get();
        if (d.makeUp().contains(date)) {
            return true;
        }
        if (d.off().contains(date)) {
            return false;
        }
        if (!d.notices().containsKey(date.getYear()) && warned.add(date.getYear())) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "No working-day data for {0}: counting Monday to Friday only. Add the year to the calendar.",
                    String.valueOf(date.getYear()));
        }
        return !isWeekend(date);
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

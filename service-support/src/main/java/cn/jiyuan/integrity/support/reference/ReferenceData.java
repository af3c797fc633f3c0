package cn.jiyuan.integrity.support.reference;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.CatalogLoader;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.schemas.avro.ReferenceDocument;
import cn.jiyuan.integrity.schemas.avro.ReferenceKind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The calendar and the catalogs in force in this service: the rules library's shipped data with every uploaded
 * document laid over it in the order of {@code integrity.reference-data.v1}. {@link #calendar()} and
 * {@link #catalogs()} are views that always answer with the latest state, so the beans built on them take up an
 * upload without a restart. Written by one thread (the follower), read by any.
 */
public final class ReferenceData {

    /** One applied upload, as the API lists it. */
    public record Upload(
            String documentId,
            ReferenceKind kind,
            String name,
            String sha256,
            String source,
            String reason,
            String uploadedBy,
            Instant uploadedAt) {}

    /** @param calendars every calendar so far with the instant it was uploaded (the shipped one at EPOCH) */
    private record State(WorkdayCalendar calendar, Catalogs catalogs, List<Upload> uploads, List<Stamped> calendars) {}

    private record Stamped(Instant from, WorkdayCalendar calendar) {}

    private volatile State state;
    private final WorkdayCalendar calendarView = WorkdayCalendar.following(() -> state.calendar());
    private final Catalogs catalogsView = Catalogs.following(() -> state.catalogs());

    public ReferenceData(WorkdayCalendar shippedCalendar, Catalogs shippedCatalogs) {
        this.state = new State(
                shippedCalendar, shippedCatalogs, List.of(), List.of(new Stamped(Instant.EPOCH, shippedCalendar)));
    }

    /** The calendar in force now, at every call. */
    public WorkdayCalendar calendar() {
        return calendarView;
    }

    /** The catalogs in force now, at every call. */
    public Catalogs catalogs() {
        return catalogsView;
    }

    /**
     * The calendar as it stood at {@code instant}: the shipped one with the notices uploaded by then. A deadline
     * counted then on the Monday–Friday fallback ({@link WorkdayCalendar#onFallback}) can be recounted now.
     */
    public WorkdayCalendar calendarAt(Instant instant) {
        List<Stamped> all = state.calendars();
        WorkdayCalendar found = all.get(0).calendar();
        for (Stamped s : all) {
            if (!s.from().isAfter(instant)) {
                found = s.calendar();
            }
        }
        return found;
    }

    /** The uploads applied so far, oldest first. */
    public List<Upload> uploads() {
        return state.uploads();
    }

    /** The latest upload of that kind and name, if any. */
    public Optional<Upload> latest(ReferenceKind kind, String name) {
        List<Upload> all = state.uploads();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).kind() == kind && all.get(i).name().equals(name)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * What {@code document} would make of the current state, or the rules' refusal: a {@link
     * cn.jiyuan.integrity.rules.calendar.CalendarException}, a {@link cn.jiyuan.integrity.rules.catalog.CatalogException}
     * or an {@link IllegalArgumentException}. Nothing changes.
     */
    public void check(ReferenceDocument document) {
        next(state, document);
    }

    /** Lays {@code document} over the current state (the follower does, in the topic's order); throws as {@link #check} does, and then changes nothing. */
    public synchronized void apply(ReferenceDocument document) {
        state = next(state, document);
    }

    private static State next(State current, ReferenceDocument document) {
        String content = document.getContent();
        WorkdayCalendar calendar = current.calendar();
        Catalogs catalogs = current.catalogs();
        switch (document.getKind()) {
            case CALENDAR_NOTICE -> {
                List<WorkdayCalendar.Notice> notices = WorkdayCalendar.notices(bytes(content));
                if (notices.size() != 1
                        || !String.valueOf(notices.get(0).year()).equals(document.getName())) {
                    throw new IllegalArgumentException(
                            "a calendar notice holds exactly the year it is named for (" + document.getName() + ")");
                }
                calendar = calendar.with(notices.get(0));
            }
            case CATALOG_REVISION -> {
                Catalog revision = CatalogLoader.load(document.getName(), bytes(content));
                if (!revision.version().equals(document.getName())) {
                    throw new IllegalArgumentException(
                            "a catalog revision is named for its version (" + revision.version() + ")");
                }
                catalogs = catalogs.withRevision(revision);
            }
        }
        List<Upload> uploads = new ArrayList<>(current.uploads());
        uploads.add(new Upload(
                document.getDocumentId(),
                document.getKind(),
                document.getName(),
                document.getSha256(),
                document.getSource(),
                document.getReason(),
                document.getUploadedBy(),
                document.getUploadedAt()));
        List<Stamped> calendars = current.calendars();
        if (calendar != current.calendar()) {
            calendars = new ArrayList<>(calendars);
            calendars.add(new Stamped(document.getUploadedAt(), calendar));
            calendars = List.copyOf(calendars);
        }
        return new State(calendar, catalogs, List.copyOf(uploads), calendars);
    }

    private static ByteArrayInputStream bytes(String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}

package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.reference.ReferenceUploads;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.CalendarException;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.CatalogException;
import cn.jiyuan.integrity.rules.catalog.CatalogLoader;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.schemas.avro.ReferenceDocument;
import cn.jiyuan.integrity.schemas.avro.ReferenceKind;
import cn.jiyuan.integrity.support.CalendarHealth;
import cn.jiyuan.integrity.support.reference.ReferenceData;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.web.Json;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SCORING.md §2 (docs/api-tour.md "The calendar and the catalog"): the working-day calendar and the indicator catalog as data
 * the credit office keeps. Anyone signed in reads them; the credit office uploads a year's notice of the State Council
 * and a revised catalog, which every service takes up from {@code integrity.reference-data.v1} without a restart.
 */
@RestController
class ReferenceDataController {

    static final int MAX_RANGES = 60;
    static final int MAX_TEXT = 500;

    private final ReferenceData data;
    private final ReferenceUploads uploads;
    private final CalendarHealth calendarHealth;
    private final Access access;
    private final JsonMapper json;
    private final Clock clock;

    ReferenceDataController(
            ReferenceData data,
            ReferenceUploads uploads,
            CalendarHealth workdayCalendarHealthIndicator,
            Access access,
            JsonMapper json,
            Clock clock) {
        this.data = data;
        this.uploads = uploads;
        this.calendarHealth = workdayCalendarHealthIndicator;
        this.access = access;
        this.json = json;
        this.clock = clock;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NoticeView(
            int year,
            List<String> off,
            List<String> makeUp,
            boolean shipped,
            String source,
            String reason,
            String uploadedBy,
            Instant uploadedAt,
            String sha256) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CalendarView(List<NoticeView> years, boolean nextYearCovered, String warning) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CatalogVersionView(
            String version,
            String title,
            LocalDate effectiveFrom,
            boolean inForce,
            boolean shipped,
            String uploadedBy,
            Instant uploadedAt,
            String sha256) {}

    record CatalogVersionsView(List<CatalogVersionView> versions) {}

    @GetMapping("/api/v1/calendar")
    CalendarView calendar(@AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        access.caller(jwt, exchange);
        LocalDate today = today();
        WorkdayCalendar calendar = data.calendar();
        List<NoticeView> years = calendar.coveredYears().stream()
                .map(year -> notice(calendar.notice(year).orElseThrow()))
                .toList();
        return new CalendarView(
                years,
                calendar.isCovered(today.getYear() + 1),
                calendarHealth.warning(today).orElse(null));
    }

    /**
     * The State Council's notice for {@code year}: {@code off} ("MM-DD" or "MM-DD..MM-DD"; December to January starts
     * in the year before), {@code makeUp}, {@code source}; replacing a year's notice needs a {@code reason}. 201 for a
     * new year, 200 for a replaced one, 409 if it is the notice in force already.
     */
    @PutMapping("/api/v1/calendar/{year}")
    Mono<ResponseEntity<NoticeView>> putNotice(
            @PathVariable String year,
            @RequestBody(required = false) JsonNode body,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().maintainReferenceData(caller));
        List<Violation> violations = new ArrayList<>();
        int y = year(year, violations);
        Json.Reader reader = Json.read(body, violations, "off", "makeUp", "source", "reason");
        List<String> off = strings(reader.array("off", MAX_RANGES), "off", true, violations);
        List<String> makeUp = strings(reader.array("makeUp", MAX_RANGES), "makeUp", false, violations);
        String source = reader.freeText("source", false, MAX_TEXT);
        String reason = reader.freeText("reason", false, MAX_TEXT);
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations);
        }
        WorkdayCalendar.Notice notice;
        try {
            notice = WorkdayCalendar.notice(y, off, makeUp);
        } catch (CalendarException e) {
            throw Refusal.invalid(violations(e.problems(), y + "."));
        }
        Optional<WorkdayCalendar.Notice> inForce = data.calendar().notice(y);
        if (inForce.isPresent() && inForce.get().equals(notice)) {
            throw Refusal.conflict("the notice for " + y + " in force is the same");
        }
        if (inForce.isPresent() && reason == null) {
            throw Refusal.invalid("reason", "is required to replace the notice for " + y + " in force");
        }
        String content = json.writeValueAsString(
                Map.of("years", Map.of(String.valueOf(y), Map.of("off", off, "makeUp", makeUp))));
        return upload(ReferenceUploads.document(
                        ReferenceKind.CALENDAR_NOTICE,
                        String.valueOf(y),
                        content,
                        source,
                        reason,
                        caller.subject(),
                        clock.instant()))
                .map(u -> ResponseEntity.status(inForce.isPresent() ? HttpStatus.OK : HttpStatus.CREATED)
                        .body(notice(data.calendar().notice(y).orElseThrow())));
    }

    @GetMapping("/api/v1/catalog/versions")
    CatalogVersionsView catalogVersions(@AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        access.caller(jwt, exchange);
        Catalogs catalogs = data.catalogs();
        String inForce = catalogs.inForce(today()).version();
        return new CatalogVersionsView(catalogs.versions().stream()
                .map(c -> {
                    Optional<ReferenceData.Upload> u = data.latest(ReferenceKind.CATALOG_REVISION, c.version());
                    return new CatalogVersionView(
                            c.version(),
                            c.title(),
                            c.effectiveFrom(),
                            c.version().equals(inForce),
                            u.isEmpty(),
                            u.map(ReferenceData.Upload::uploadedBy).orElse(null),
                            u.map(ReferenceData.Upload::uploadedAt).orElse(null),
                            u.map(ReferenceData.Upload::sha256).orElse(null));
                })
                .toList());
    }

    /**
     * A revised catalog, the whole document as the shipped one ({@code version}, {@code effectiveFrom} after today,
     * organisations, groups, indicators): 201, or every problem named.
     */
    @PostMapping("/api/v1/catalog/versions")
    Mono<ResponseEntity<CatalogVersionView>> postCatalog(
            @RequestBody(required = false) String body, @AuthenticationPrincipal Jwt jwt, ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Access.require(access.rights().maintainReferenceData(caller));
        if (body == null || body.isBlank()) {
            throw Refusal.invalid("body", "must be a catalog (JSON)");
        }
        Catalog revision;
        try {
            revision = CatalogLoader.load("upload", new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        } catch (CatalogException e) {
            throw Refusal.invalid(violations(e.problems(), ""));
        }
        data.catalogs().revisionRefusal(revision, today()).ifPresent(refused -> {
            throw refused.field().equals("version")
                    ? Refusal.conflict(refused.message())
                    : Refusal.invalid(refused.field(), refused.message());
        });
        return upload(ReferenceUploads.document(
                        ReferenceKind.CATALOG_REVISION,
                        revision.version(),
                        body,
                        null,
                        null,
                        caller.subject(),
                        clock.instant()))
                .map(u -> ResponseEntity.status(HttpStatus.CREATED)
                        .body(new CatalogVersionView(
                                revision.version(),
                                revision.title(),
                                revision.effectiveFrom(),
                                false,
                                false,
                                u.uploadedBy(),
                                u.uploadedAt(),
                                u.sha256())));
    }

    private Mono<ReferenceData.Upload> upload(ReferenceDocument document) {
        return Mono.fromCallable(() -> {
                    try {
                        return uploads.upload(document);
                    } catch (CalendarException e) {
                        throw Refusal.invalid(violations(e.problems(), document.getName() + "."));
                    } catch (CatalogException e) {
                        throw Refusal.invalid(violations(e.problems(), ""));
                    } catch (ReferenceUploads.NotStored e) {
                        throw Refusal.unavailable(e.getMessage(), Duration.ofSeconds(5));
                    } catch (IllegalArgumentException e) {
                        throw Refusal.conflict(e.getMessage());
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    private NoticeView notice(WorkdayCalendar.Notice notice) {
        Optional<ReferenceData.Upload> u = data.latest(ReferenceKind.CALENDAR_NOTICE, String.valueOf(notice.year()));
        return new NoticeView(
                notice.year(),
                notice.off(),
                notice.makeUp(),
                u.isEmpty(),
                u.map(ReferenceData.Upload::source).orElse(null),
                u.map(ReferenceData.Upload::reason).orElse(null),
                u.map(ReferenceData.Upload::uploadedBy).orElse(null),
                u.map(ReferenceData.Upload::uploadedAt).orElse(null),
                u.map(ReferenceData.Upload::sha256).orElse(null));
    }

    /** The rules' problems ({@code "<where>: <what>"}) as field errors, without the year the path names already. */
    private static List<Violation> violations(List<String> problems, String prefix) {
        return problems.stream()
                .map(p -> {
                    String text = p.startsWith(prefix) ? p.substring(prefix.length()) : p;
                    int colon = text.indexOf(": ");
                    return colon < 0
                            ? new Violation("body", text)
                            : new Violation(text.substring(0, colon), text.substring(colon + 2));
                })
                .toList();
    }

    private static List<String> strings(JsonNode array, String field, boolean required, List<Violation> violations) {
        List<String> values = new ArrayList<>();
        if (array == null) {
            if (required) {
                violations.add(new Violation(field, "is required"));
            }
            return values;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode value = array.get(i);
            if (!value.isString()) {
                violations.add(new Violation(field + "[" + i + "]", "must be a text like \"10-01..10-07\""));
            } else {
                values.add(value.asString());
            }
        }
        return values;
    }

    private static int year(String text, List<Violation> violations) {
        if (text.matches("\\d{4}") && Integer.parseInt(text) >= 2000 && Integer.parseInt(text) <= 2100) {
            return Integer.parseInt(text);
        }
        violations.add(new Violation("year", "must be a year from 2000 to 2100, like 2027"));
        return 0;
    }

    private LocalDate today() {
        return ChinaTime.dateOf(clock.instant());
    }
}

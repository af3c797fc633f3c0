package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.QueryProperties;
import cn.jiyuan.integrity.query.model.Evaluations;
import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.query.model.UnitHistory;
import cn.jiyuan.integrity.query.persons.Persons;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.FactScope;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.scoring.DebtorCase;
import cn.jiyuan.integrity.rules.scoring.FactState;
import cn.jiyuan.integrity.rules.scoring.UnitScore;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.retention.RetentionGate;
import cn.jiyuan.integrity.support.web.FairShare;
import cn.jiyuan.integrity.support.work.Threads;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Scores, rankings and a unit's facts, today or as of any date since 2021-01-01 (API.md query part). */
@RestController
class QueryController {

    private final ReadModel model;
    private final Evaluations evaluations;
    private final Access access;
    private final DatabaseClient db;
    private final Clock clock;
    private final FairShare computations;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();
    private final FactViews views;
    private final Persons persons;
    private final RetentionGate retention;

    QueryController(
            ReadModel model,
            Evaluations evaluations,
            RetentionGate retention,
            Access access,
            DatabaseClient db,
            Clock clock,
            QueryProperties properties,
            Persons persons,
            FactViews views) {
        this.model = model;
        this.views = views;
        this.persons = persons;
        this.evaluations = evaluations;
        this.retention = retention;
        this.access = access;
        this.db = db;
        this.clock = clock;
        QueryProperties.FairShareLimits limits = properties.fairShare();
        this.computations = new FairShare(
                "dates computed at once (time travel)",
                limits.computationsPerCaller(),
                limits.computations() + limits.computationQueue(),
                COMPUTATION_RETRY);
    }

    private static final Duration COMPUTATION_RETRY = Duration.ofSeconds(1);

    record IndicatorView(String code, BigDecimal score, BigDecimal max) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record ScoreView(
            String unitId,
            LocalDate asOf,
            BigDecimal score,
            BigDecimal rawScore,
            String grade,
            Integer rank,
            boolean debtorListed,
            boolean active,
            List<IndicatorView> indicators) {}

    record RankedUnit(String unitId, String name, BigDecimal score, String grade, int rank) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RankingView(LocalDate asOf, List<RankedUnit> units, String nextCursor) {}

    /** A debtor-listing case as known on the date (第九条): what a unit needs to see to object. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DebtorCaseView(
            String caseNumber, String providerOrg, Instant listedAt, Instant shieldedAt, boolean listing) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EventsView(
            String unitId,
            LocalDate asOf,
            List<FactViews.EventView> events,
            List<DebtorCaseView> debtorCases,
            String nextCursor) {}

    @GetMapping("/api/v1/units/{unitId}/score")
    Mono<ScoreView> score(
            @PathVariable String unitId,
            @RequestParam(required = false) String asOf,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        LocalDate date = date(asOf);
        Access.require(access.rights().readScore(caller, unitId));
        registeredUnit(unitId);
        return day(caller, date).map(day -> {
            Evaluations.Evaluated e = day.units().get(unitId);
            if (e == null) {
                throw Refusal.notFound("unit " + unitId + " was not registered on " + date);
            }
            UnitScore s = e.score();
            GradedUnit graded = day.graded(unitId);
            return new ScoreView(
                    unitId,
                    date,
                    s.score(),
                    s.rawScore(),
                    graded == null ? null : graded.grade().name(),
                    graded == null ? null : graded.rank(),
                    s.debtorListed(),
                    e.registration().active(),
                    s.indicators().stream()
                            .map(i -> new IndicatorView(i.code(), i.score(), i.max()))
                            .toList());
        });
    }

    @GetMapping("/api/v1/rankings")
    Mono<RankingView> rankings(
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        LocalDate date = date(asOf);
        Page page = Page.of(limit, cursor, null); // whole without a limit, as before paging
        Access.require(access.rights().readAllUnits(caller));
        return day(caller, date).map(day -> {
            // best first: by rank, ties by unit id (Grading's order)
            Page.Slice<RankedUnit> slice = page.of(
                    day.ranking().stream()
                            .map(g -> ranked(g, day.units().get(g.unitId())))
                            .toList(),
                    u -> String.format("%010d", u.rank()) + "|" + u.unitId());
            return new RankingView(date, slice.items(), slice.nextCursor());
        });
    }

    /**
     * A date's evaluation: free when it can be given at once or is already being computed (the request waits for that
     * computation), else computed within the caller's fair share (review D1).
     */
    private Mono<Evaluations.Day> day(Caller caller, LocalDate date) {
        // a past date may count a fact that left retention at midnight until the day's purge has run; today cannot
        // (such a fact lies outside today's window)
        if (date.isBefore(ChinaTime.dateOf(clock.instant())) && !retention.isPurgedToday()) {
            return retention.awaitTodaysPurge().then(Mono.defer(() -> day(caller, date)));
        }
        Evaluations.Day now = evaluations.servable(date);
        if (now != null) {
            return Mono.just(now);
        }
        Mono<Evaluations.Day> underWay = evaluations.underWay(date);
        return underWay != null ? underWay : computations.run(Access.key(caller), evaluations.dayAsync(date));
    }

    private static RankedUnit ranked(GradedUnit g, Evaluations.Evaluated e) {
        return new RankedUnit(
                g.unitId(), e.registration().name(), g.score(), g.grade().name(), g.rank());
    }

    /**
     * The unit's facts known on {@code asOf} (default today), newest first, with their status on that date — all of
     * them, or for a provider those it provided (SCORING.md §7.6).
     */
    @GetMapping("/api/v1/units/{unitId}/events")
    Mono<EventsView> events(
            @PathVariable String unitId,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        LocalDate date = date(asOf);
        Page page = Page.of(limit, cursor, null); // whole without a limit, as before paging
        Rights rights = access.rights();
        FactScope scope = rights.readFacts(caller, unitId);
        if (scope == FactScope.NONE) {
            throw Refusal.forbidden(caller.org() + " may not read the facts of unit " + unitId
                    + " (a unit reads its own, a provider those it provided)");
        }
        registeredUnit(unitId);
        // the unit's facts may have to be read back from PostgreSQL: off the event loop
        return retention
                .awaitTodaysPurge()
                .then(evaluations.onWorkers(() -> model.unit(unitId)))
                .flatMap(history -> events(history, date, page, scope, caller, rights));
    }

    private Mono<EventsView> events(
            UnitHistory history, LocalDate date, Page page, FactScope scope, Caller caller, Rights rights) {
        String unitId = history.unitId();
        UnitScore score = evaluations.score(history, date);
        Map<String, FactState> states = new HashMap<>();
        score.facts().forEach(f -> states.put(f.eventId(), f));
        Set<String> underObjection = history.underObjectionOn(date);
        return db.sql("SELECT payload FROM unit_records WHERE unit_id = $1 AND kind = 'C'")
                .bind(0, unitId)
                .map((row, meta) ->
                        (CreditFact) avro.deserialize(null, Threads.bytes(row.get("payload", ByteBuffer.class))))
                .all()
                .filter(f -> states.containsKey(f.getEventId()))
                .filter(f -> scope == FactScope.ALL || f.getProviderOrg().equals(caller.org()))
                .collectList()
                .flatMap(facts -> persons.of(facts)
                        .map(names -> facts.stream()
                                .map(f -> views.view(
                                        f,
                                        states.get(f.getEventId()),
                                        underObjection.contains(f.getEventId()),
                                        names.get(f.getEventId()),
                                        rights.readsNamesInClear(caller, f.getProviderOrg(), unitId)))
                                .sorted(Comparator.comparing(FactViews.EventView::recordedAt)
                                        .reversed()
                                        .thenComparing(FactViews.EventView::eventId))
                                .toList()))
                .map(events -> {
                    Page.Slice<FactViews.EventView> slice =
                            page.of(events, e -> Page.newestFirst(e.recordedAt().toEpochMilli(), e.eventId()));
                    return new EventsView(
                            unitId, date, slice.items(), debtorCases(history, date, scope, caller), slice.nextCursor());
                });
    }

    /** The unit's debtor cases known on the date: all of them, or for a provider (a court) those it listed. */
    private static List<DebtorCaseView> debtorCases(
            UnitHistory history, LocalDate date, FactScope scope, Caller caller) {
        return DebtorCase.knownOn(history.facts(), date).stream()
                .filter(c -> scope == FactScope.ALL || caller.org().equals(c.providerOrg()))
                .map(c ->
                        new DebtorCaseView(c.caseNumber(), c.providerOrg(), c.listedAt(), c.shieldedAt(), c.listing()))
                .toList();
    }

    /** The unit's registrations and objection steps (not its facts), or 404 if it was never registered. */
    private UnitHistory registeredUnit(String unitId) {
        UnitHistory history = model.withoutFacts(unitId);
        if (history == null && !model.isCaughtUp()) { // not known yet, rather than not registered
            throw Refusal.unavailable(
                    "the service is starting: it has not yet read what is stored; retry shortly",
                    Duration.ofSeconds(5));
        }
        if (history == null || history.registrations().isEmpty()) {
            throw Refusal.notFound("no unit " + unitId + " is registered");
        }
        return history;
    }

    private LocalDate date(String asOf) {
        LocalDate today = ChinaTime.dateOf(clock.instant());
        if (asOf == null) {
            return today;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(asOf);
        } catch (DateTimeParseException e) {
            throw Refusal.invalid("asOf", "must be a date like 2025-03-14");
        }
        if (date.isBefore(ChinaTime.FIRST_ACCEPTED_DAY) || date.isAfter(today)) {
            throw Refusal.invalid("asOf", "must be from " + ChinaTime.FIRST_ACCEPTED_DAY + " to today (" + today + ")");
        }
        return date;
    }
}

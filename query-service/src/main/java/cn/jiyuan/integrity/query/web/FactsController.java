package cn.jiyuan.integrity.query.web;

import cn.jiyuan.integrity.query.model.Evaluations;
import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.query.model.UnitHistory;
import cn.jiyuan.integrity.query.persons.Persons;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.scoring.FactState;
import cn.jiyuan.integrity.schemas.AvroSingleObjectDeserializer;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.retention.RetentionGate;
import cn.jiyuan.integrity.support.work.Threads;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/v1/facts} (API.md): the facts a caller may read across units, newest first, with their status today —
 * a provider's own (its late ones, by unit, indicator or date), every fact for the credit office and consumers, a
 * unit's own for a unit (SCORING.md §7.6, the rules library's {@code Rights.readsFact}). Paged by {@code limit} (100
 * when not given) and {@code cursor}.
 */
@RestController
class FactsController {

    private static final int DEFAULT_LIMIT = 100;

    /** A fact the list may give: where it is and the key it is sorted by. */
    private record Candidate(String unitId, FactState state, String key) {}

    record FactsView(List<FactViews.EventView> facts, String nextCursor) {}

    private final Evaluations evaluations;
    private final RetentionGate retention;
    private final ReadModel model;
    private final Access access;
    private final DatabaseClient db;
    private final Clock clock;
    private final FactViews views;
    private final Persons persons;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    FactsController(
            Evaluations evaluations,
            RetentionGate retention,
            ReadModel model,
            Access access,
            DatabaseClient db,
            Clock clock,
            Persons persons,
            FactViews views) {
        this.evaluations = evaluations;
        this.retention = retention;
        this.views = views;
        this.persons = persons;
        this.model = model;
        this.access = access;
        this.db = db;
        this.clock = clock;
    }

    @GetMapping("/api/v1/facts")
    Mono<FactsView> facts(
            @RequestParam(required = false) String providerOrg,
            @RequestParam(required = false) String unitId,
            @RequestParam(required = false) String indicator,
            @RequestParam(required = false) String late,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String cursor,
            @AuthenticationPrincipal Jwt jwt,
            ServerWebExchange exchange) {
        Caller caller = access.caller(jwt, exchange);
        Rights rights = access.rights();
        Boolean lateWanted = flag("late", late);
        LocalDate fromDay = day("from", from);
        LocalDate toDay = day("to", to);
        Page page = Page.of(limit, cursor, DEFAULT_LIMIT);
        LocalDate today = ChinaTime.dateOf(clock.instant());
        // every unit folded today, a chunk at a time, on the evaluations' workers (not the event loop), once the
        // facts that left retention at midnight are purged
        return retention
                .awaitTodaysPurge()
                .then(evaluations.onWorkers(() -> candidates(
                        today, caller, rights, providerOrg, unitId, indicator, lateWanted, fromDay, toDay, page)))
                .flatMap(found -> collect(
                        found.candidates(),
                        0,
                        new ArrayList<>(),
                        page.limit(),
                        found.more(),
                        lateWanted,
                        caller,
                        rights,
                        today));
    }

    /** The facts after the cursor the filters let through, in page order; {@code more}: others were left out. */
    private record Candidates(List<Candidate> candidates, boolean more) {}

    /**
     * The candidates in page order. Without {@code late} every candidate makes the page, so the first {@code limit}
     * after the cursor are all it needs (and all a province's facts are never held at once); with it, every candidate
     * is kept, since the page skips those of the other kind.
     */
    private Candidates candidates(
            LocalDate today,
            Caller caller,
            Rights rights,
            String providerOrg,
            String unitId,
            String indicator,
            Boolean lateWanted,
            LocalDate fromDay,
            LocalDate toDay,
            Page page) {
        int bound = lateWanted == null ? page.limit() : Integer.MAX_VALUE;
        PriorityQueue<Candidate> kept =
                new PriorityQueue<>(Comparator.comparing(Candidate::key).reversed()); // the last in page order first
        boolean[] more = {false};
        evaluations.eachScore(today, unit -> unitId == null || unitId.equals(unit), (history, score) -> {
            String unit = history.unitId();
            for (FactState state : score.facts()) {
                var fact = state.effective();
                LocalDate recordedOn = ChinaTime.dateOf(fact.recordedAt());
                if (rights.readsFact(caller, unit, fact.providerOrg())
                        && (providerOrg == null || providerOrg.equals(fact.providerOrg()))
                        && (indicator == null || indicator.equals(fact.indicator()))
                        && (fromDay == null || !recordedOn.isBefore(fromDay))
                        && (toDay == null || !recordedOn.isAfter(toDay))) {
                    String key = Page.newestFirst(fact.recordedAt().toEpochMilli(), state.eventId());
                    if (page.after() == null || key.compareTo(page.after()) > 0) {
                        kept.add(new Candidate(unit, state, key));
                        if (kept.size() > bound) {
                            kept.poll();
                            more[0] = true;
                        }
                    }
                }
            }
        });
        List<Candidate> inOrder = new ArrayList<>(kept);
        inOrder.sort(Comparator.comparing(Candidate::key));
        return new Candidates(inOrder, more[0]);
    }

    /** Reads the payloads of the next candidates, a page's worth at a time, until the page is full or none are left. */
    private Mono<FactsView> collect(
            List<Candidate> candidates,
            int at,
            List<FactViews.EventView> page,
            int limit,
            boolean more,
            Boolean lateWanted,
            Caller caller,
            Rights rights,
            LocalDate today) {
        if (at >= candidates.size()) {
            // the candidates left out come after the last one given (a fact purged meanwhile made the page short)
            boolean beyond = more && !candidates.isEmpty();
            return Mono.just(new FactsView(
                    List.copyOf(page),
                    beyond ? Page.cursor(candidates.get(candidates.size() - 1).key()) : null));
        }
        List<Candidate> chunk = candidates.subList(at, Math.min(candidates.size(), at + Math.min(limit, 1000)));
        Map<String, Candidate> byId = new HashMap<>();
        chunk.forEach(c -> byId.put(c.state().eventId(), c));
        return payloads(byId.keySet())
                .collectMap(CreditFact::getEventId)
                .flatMap(found -> persons.of(found.values()).flatMap(names -> {
                    Map<String, Set<String>> underObjectionByUnit = new HashMap<>(); // once per unit, not per fact
                    for (int i = 0; i < chunk.size(); i++) {
                        Candidate c = chunk.get(i);
                        CreditFact f = found.get(c.state().eventId());
                        if (f == null) {
                            continue; // purged from the store meanwhile
                        }
                        Set<String> underObjection =
                                underObjectionByUnit.computeIfAbsent(c.unitId(), unit -> underObjection(unit, today));
                        FactViews.EventView view = views.view(
                                f,
                                c.state(),
                                underObjection.contains(f.getEventId()),
                                names.get(f.getEventId()),
                                rights.readsNamesInClear(caller, f.getProviderOrg(), c.unitId()));
                        if (lateWanted != null && view.late() != lateWanted) {
                            continue;
                        }
                        page.add(view);
                        if (page.size() == limit) {
                            boolean others = more || at + i + 1 < candidates.size();
                            return Mono.just(new FactsView(List.copyOf(page), others ? Page.cursor(c.key()) : null));
                        }
                    }
                    return collect(candidates, at + chunk.size(), page, limit, more, lateWanted, caller, rights, today);
                }));
    }

    private Set<String> underObjection(String unitId, LocalDate today) {
        UnitHistory history = model.withoutFacts(unitId);
        return history == null ? Set.of() : history.underObjectionOn(today);
    }

    private Flux<CreditFact> payloads(Set<String> eventIds) {
        return db.sql("SELECT payload FROM unit_records WHERE kind = 'C' AND record_id = ANY($1)")
                .bind(0, eventIds.toArray(String[]::new))
                .map((row, meta) ->
                        (CreditFact) avro.deserialize(null, Threads.bytes(row.get("payload", ByteBuffer.class))))
                .all();
    }

    private static Boolean flag(String name, String value) {
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw Refusal.invalid(name, "must be true or false");
        };
    }

    private static LocalDate day(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Refusal.invalid(name, "must be a date like 2025-03-14");
        }
    }
}

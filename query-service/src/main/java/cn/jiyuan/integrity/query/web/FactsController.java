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
import cn.jiyuan.integrity.support.Threads;
import cn.jiyuan.integrity.support.problems.ApiException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    private final ReadModel model;
    private final Access access;
    private final DatabaseClient db;
    private final Clock clock;
    private final FactViews views;
    private final Persons persons;
    private final AvroSingleObjectDeserializer avro = new AvroSingleObjectDeserializer();

    FactsController(
            Evaluations evaluations,
            ReadModel model,
            Access access,
            DatabaseClient db,
            Clock clock,
            Persons persons,
            FactViews views) {
        this.evaluations = evaluations;
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
        // today's evaluation: cached, or computed once for every caller at the same time
        return evaluations
                .dayAsync(today)
                .flatMap(day ->
                        list(day, caller, rights, providerOrg, unitId, indicator, lateWanted, fromDay, toDay, page));
    }

    private Mono<FactsView> list(
            Evaluations.Day day,
            Caller caller,
            Rights rights,
            String providerOrg,
            String unitId,
            String indicator,
            Boolean lateWanted,
            LocalDate fromDay,
            LocalDate toDay,
            Page page) {
        List<Candidate> candidates = new ArrayList<>();
        for (Map.Entry<String, Evaluations.Evaluated> e : day.units().entrySet()) {
            String unit = e.getKey();
            if (unitId != null && !unitId.equals(unit)) {
                continue;
            }
            for (FactState state : e.getValue().score().facts()) {
                var fact = state.effective();
                LocalDate recordedOn = ChinaTime.dateOf(fact.recordedAt());
                if (rights.readsFact(caller, unit, fact.providerOrg())
                        && (providerOrg == null || providerOrg.equals(fact.providerOrg()))
                        && (indicator == null || indicator.equals(fact.indicator()))
                        && (fromDay == null || !recordedOn.isBefore(fromDay))
                        && (toDay == null || !recordedOn.isAfter(toDay))) {
                    candidates.add(new Candidate(
                            unit, state, Page.newestFirst(fact.recordedAt().toEpochMilli(), state.eventId())));
                }
            }
        }
        candidates.sort(Comparator.comparing(Candidate::key));
        List<Candidate> after = page.after() == null
                ? candidates
                : candidates.stream()
                        .filter(c -> c.key().compareTo(page.after()) > 0)
                        .toList();
        return collect(after, 0, new ArrayList<>(), page.limit(), lateWanted, caller, rights, day);
    }

    /** Reads the payloads of the next candidates, a page's worth at a time, until the page is full or none are left. */
    private Mono<FactsView> collect(
            List<Candidate> candidates,
            int at,
            List<FactViews.EventView> page,
            int limit,
            Boolean lateWanted,
            Caller caller,
            Rights rights,
            Evaluations.Day day) {
        if (at >= candidates.size()) {
            return Mono.just(new FactsView(List.copyOf(page), null));
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
                                underObjectionByUnit.computeIfAbsent(c.unitId(), unit -> underObjection(unit, day));
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
                            boolean more = at + i + 1 < candidates.size();
                            return Mono.just(new FactsView(List.copyOf(page), more ? Page.cursor(c.key()) : null));
                        }
                    }
                    return collect(candidates, at + chunk.size(), page, limit, lateWanted, caller, rights, day);
                }));
    }

    private Set<String> underObjection(String unitId, Evaluations.Day day) {
        UnitHistory history = model.unit(unitId);
        return history == null ? Set.of() : history.underObjectionOn(day.asOf());
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
            default -> throw ApiException.invalid(name, "must be true or false");
        };
    }

    private static LocalDate day(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(name, "must be a date like 2025-03-14");
        }
    }
}

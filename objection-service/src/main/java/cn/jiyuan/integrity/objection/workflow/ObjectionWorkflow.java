package cn.jiyuan.integrity.objection.workflow;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.objections.CommandResult;
import cn.jiyuan.integrity.rules.objections.DisputedFact;
import cn.jiyuan.integrity.rules.objections.Finding;
import cn.jiyuan.integrity.rules.objections.Objection;
import cn.jiyuan.integrity.rules.objections.ObjectionCommand;
import cn.jiyuan.integrity.rules.objections.ObjectionDecider;
import cn.jiyuan.integrity.rules.objections.ObjectionEvent;
import cn.jiyuan.integrity.rules.objections.Rejection;
import cn.jiyuan.integrity.rules.objections.ReviewDecision;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.work.Signal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs the rules library's objection state machine against the database: each command in one transaction that locks
 * the objection, decides, and writes the new state, the history step and the outbox records together — or, when the
 * command is refused, writes nothing and fails with the refusal (400/403/404/409).
 */
public class ObjectionWorkflow {

    /** Who flags overdue objections (the service itself, on its daily check). */
    public static final Caller SYSTEM = new Caller("objection-service", "SYSTEM", Set.of());

    private final ObjectionStore store;
    private final TransactionalOperator tx;
    private final Catalogs catalogs;
    private final WorkdayCalendar calendar;
    private final FactValidator validator;
    private final Clock clock;
    private final Signal published;
    private final AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();

    public ObjectionWorkflow(
            ObjectionStore store,
            TransactionalOperator tx,
            Catalogs catalogs,
            WorkdayCalendar calendar,
            Clock clock,
            Signal published) {
        this.store = store;
        this.tx = tx;
        this.catalogs = catalogs;
        this.calendar = calendar;
        this.validator = new FactValidator(catalogs);
        this.clock = clock;
        this.published = published;
    }

    public Rights rights() {
        return new Rights(catalogs.inForce(ChinaTime.dateOf(clock.instant())));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private ObjectionDecider decider() {
        return new ObjectionDecider(rights(), calendar, validator);
    }

    /** A unit disputes one of its facts. */
    public Mono<ObjectionStore.Stored> file(String eventId, String reason, Caller caller) {
        Instant at = now();
        String objectionId = UUID.randomUUID().toString();
        Mono<Optional<DisputedFact>> fact = eventId == null || eventId.isBlank()
                ? Mono.just(Optional.empty())
                : store.lockFact(eventId).map(Optional::of).defaultIfEmpty(Optional.empty());
        Mono<ObjectionStore.Stored> work = fact.flatMap(f -> (f.isEmpty()
                        ? Mono.just(Optional.<String>empty())
                        : store.openObjectionOn(eventId).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .flatMap(open -> {
                    CommandResult result = decider()
                            .decide(
                                    null,
                                    new ObjectionCommand.File(
                                            objectionId,
                                            eventId,
                                            f.orElse(null),
                                            open.isPresent(),
                                            reason,
                                            caller,
                                            at));
                    if (result.isRejected()) {
                        String existing =
                                open.map(id -> " (objection " + id + ")").orElse("");
                        return Mono.error(refusal(result.rejection(), existing));
                    }
                    return apply(null, reason, result);
                }));
        return tx.transactional(work)
                .onErrorMap(
                        DuplicateKeyException.class,
                        e -> Refusal.conflict("an objection to fact " + eventId + " is already open"))
                .doOnSuccess(s -> published.raise());
    }

    /** The provider's finding (and for TRUE its remedy). */
    public Mono<ObjectionStore.Stored> decide(
            String objectionId,
            Finding finding,
            CorrectionKind remedy,
            Amendment amendment,
            String explanation,
            Caller caller) {
        Instant at = now();
        return command(objectionId, new ObjectionCommand.Decide(finding, remedy, amendment, explanation, caller, at));
    }

    /** The credit office's review of a proposed remedy. */
    public Mono<ObjectionStore.Stored> review(
            String objectionId, ReviewDecision decision, String comment, Caller caller) {
        return command(objectionId, new ObjectionCommand.Review(decision, comment, caller, now()));
    }

    /**
     * Flags the objection overdue if its provider let the deadline pass; empty when there was nothing to flag (not
     * due yet, decided meanwhile, or flagged already by another instance).
     */
    public Mono<ObjectionStore.Stored> checkOverdue(String objectionId) {
        ObjectionCommand check = new ObjectionCommand.CheckOverdue(SYSTEM, now());
        return tx.transactional(store.lock(objectionId).flatMap(stored -> {
                    CommandResult result = decider().decide(stored.state(), check);
                    return result.events().isEmpty() ? Mono.empty() : apply(stored, stored.reason(), result);
                }))
                .doOnSuccess(s -> {
                    if (s != null) {
                        published.raise();
                    }
                });
    }

    /** Objections past their deadline and not flagged yet, each flagged in a transaction of its own. */
    public Mono<Long> flagOverdue() {
        return store.pastDue(ChinaTime.dateOf(clock.instant()), 1000)
                .collectList()
                .flatMapMany(Flux::fromIterable)
                .concatMap(this::checkOverdue)
                .count();
    }

    private Mono<ObjectionStore.Stored> command(String objectionId, ObjectionCommand command) {
        Mono<ObjectionStore.Stored> work = store.lock(objectionId)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(stored -> {
                    CommandResult result = decider()
                            .decide(stored.map(ObjectionStore.Stored::state).orElse(null), command);
                    if (result.isRejected()) {
                        return Mono.error(refusal(result.rejection(), ""));
                    }
                    return apply(stored.get(), stored.get().reason(), result);
                });
        return tx.transactional(work).doOnSuccess(s -> published.raise());
    }

    /** Writes the events' effects: state, history, outbox (and the fact's retraction for an approved DELETE). */
    private Mono<ObjectionStore.Stored> apply(ObjectionStore.Stored before, String reason, CommandResult result) {
        Objection state = before == null ? null : before.state();
        Mono<Void> writes = Mono.empty();
        for (ObjectionEvent event : result.events()) {
            Objection previous = state;
            state = Objection.evolve(state, event);
            Objection after = state;
            writes = writes.then(previous == null ? store.insert(after, reason) : store.update(after, event.at()))
                    .then(store.appendStep(
                            after.objectionId(),
                            event.step(),
                            event.by(),
                            event.byOrg(),
                            event.at(),
                            event.text(),
                            details(event)));
            if (event instanceof ObjectionEvent.RemedyApproved a
                    && a.correction().kind() == CorrectionKind.DELETE) {
                writes = writes.then(store.retract(after.eventId()));
            }
            for (SpecificRecord record : ObjectionRecords.of(event, after)) {
                String topic = IntegrityTopics.OBJECTIONS.name();
                writes = writes.then(
                        Mono.defer(() -> store.enqueue(topic, after.unitId(), avro.serialize(topic, record))));
            }
        }
        ObjectionStore.Stored out = new ObjectionStore.Stored(state, reason);
        return writes.thenReturn(out);
    }

    private static Map<String, Object> details(ObjectionEvent event) {
        Map<String, Object> d = new LinkedHashMap<>();
        if (event instanceof ObjectionEvent.Filed f) {
            d.put("dueOn", f.dueOn().toString());
        } else if (event instanceof ObjectionEvent.FoundNotTrue) {
            d.put("finding", Finding.NOT_TRUE.name());
        } else if (event instanceof ObjectionEvent.RemedyProposed p) {
            d.put("finding", Finding.TRUE.name());
            d.put("remedy", p.remedy().name());
            if (p.amendment() != null) {
                d.put("amendment", amendment(p.amendment()));
            }
        } else if (event instanceof ObjectionEvent.RemedyApproved a) {
            d.put("decision", ReviewDecision.APPROVE.name());
            d.put("remedy", a.correction().kind().name());
        } else if (event instanceof ObjectionEvent.RemedyReturned r) {
            d.put("decision", ReviewDecision.RETURN.name());
            d.put("dueOn", r.dueOn().toString());
        } else if (event instanceof ObjectionEvent.Overdue o) {
            d.put("dueOn", o.dueOn().toString());
        }
        return d;
    }

    public static Map<String, Object> amendment(Amendment a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", a.outcome());
        if (a.points() != null) {
            m.put("points", a.points().setScale(2, RoundingMode.UNNECESSARY));
        }
        m.put("occurredOn", a.occurredOn().toString());
        if (a.period() != null) {
            m.put("period", a.period());
        }
        return m;
    }

    static Refusal refusal(Rejection r, String suffix) {
        switch (r.kind()) {
            case INVALID:
                return Refusal.invalid(r.violations());
            case FORBIDDEN:
                return Refusal.forbidden(r.message());
            case NOT_FOUND:
                return Refusal.notFound(r.message());
            default:
                return Refusal.conflict(r.message() + suffix);
        }
    }
}

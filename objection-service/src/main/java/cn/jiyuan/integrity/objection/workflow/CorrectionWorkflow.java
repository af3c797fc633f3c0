package cn.jiyuan.integrity.objection.workflow;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.corrections.CorrectionCommand;
import cn.jiyuan.integrity.rules.corrections.CorrectionDecider;
import cn.jiyuan.integrity.rules.corrections.CorrectionEvent;
import cn.jiyuan.integrity.rules.corrections.CorrectionRequest;
import cn.jiyuan.integrity.rules.corrections.CorrectionResult;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.objections.DisputedFact;
import cn.jiyuan.integrity.rules.objections.ReviewDecision;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.schemas.AvroSingleObjectSerializer;
import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.work.Signal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Runs the rules library's correction state machine (SCORING.md §7.5) against the database, each command in one
 * transaction: the request's row, the fact's retraction for an applied DELETE, and the outbox records together — or,
 * when the command is refused, nothing, and the refusal (400/403/404/409).
 */
public class CorrectionWorkflow {

    private final CorrectionStore corrections;
    private final ObjectionStore objections;
    private final TransactionalOperator tx;
    private final Catalogs catalogs;
    private final FactValidator validator;
    private final Clock clock;
    private final Signal published;
    private final AvroSingleObjectSerializer avro = new AvroSingleObjectSerializer();

    public CorrectionWorkflow(
            CorrectionStore corrections,
            ObjectionStore objections,
            TransactionalOperator tx,
            Catalogs catalogs,
            Clock clock,
            Signal published) {
        this.corrections = corrections;
        this.objections = objections;
        this.tx = tx;
        this.catalogs = catalogs;
        this.validator = new FactValidator(catalogs);
        this.clock = clock;
        this.published = published;
    }

    public Rights rights() {
        return new Rights(catalogs.inForce(ChinaTime.dateOf(clock.instant())));
    }

    private CorrectionDecider decider() {
        return new CorrectionDecider(rights(), validator);
    }

    /** A provider asks to correct its fact, or the credit office corrects a fact itself. */
    public Mono<CorrectionStore.Stored> request(
            String eventId, CorrectionKind remedy, Amendment amendment, String explanation, Caller caller) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String correctionId = UUID.randomUUID().toString();
        Mono<Optional<DisputedFact>> fact = eventId == null || eventId.isBlank()
                ? Mono.just(Optional.empty())
                : objections.lockFact(eventId).map(Optional::of).defaultIfEmpty(Optional.empty());
        Mono<CorrectionStore.Stored> work = fact.flatMap(f -> (f.isEmpty()
                        ? Mono.just(Optional.<String>empty())
                        : objections
                                .openObjectionOn(eventId)
                                .switchIfEmpty(corrections.openOn(eventId))
                                .map(Optional::of)
                                .defaultIfEmpty(Optional.empty()))
                .flatMap(open -> {
                    CorrectionResult result = decider()
                            .decide(
                                    null,
                                    new CorrectionCommand.Request(
                                            correctionId,
                                            eventId,
                                            f.orElse(null),
                                            open.isPresent(),
                                            remedy,
                                            amendment,
                                            explanation,
                                            caller,
                                            at));
                    if (result.isRejected()) {
                        return Mono.error(ObjectionWorkflow.refusal(
                                result.rejection(),
                                open.map(id -> " (" + id + ")").orElse("")));
                    }
                    return apply(null, result);
                }));
        return tx.transactional(work)
                .onErrorMap(
                        DuplicateKeyException.class,
                        e -> Refusal.conflict("a correction request on fact " + eventId + " is already open"))
                .doOnSuccess(s -> published.raise());
    }

    /** The credit office's review of a provider's request. */
    public Mono<CorrectionStore.Stored> review(
            String correctionId, ReviewDecision decision, String comment, Caller caller) {
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Mono<CorrectionStore.Stored> work = corrections
                .lock(correctionId)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(stored -> {
                    CorrectionResult result = decider()
                            .decide(
                                    stored.map(CorrectionStore.Stored::state).orElse(null),
                                    new CorrectionCommand.Review(decision, comment, caller, at));
                    if (result.isRejected()) {
                        return Mono.error(ObjectionWorkflow.refusal(result.rejection(), ""));
                    }
                    return apply(stored.get(), result);
                });
        return tx.transactional(work).doOnSuccess(s -> published.raise());
    }

    /** Writes the events' effects: the row, the fact's retraction for an applied DELETE, the outbox records. */
    private Mono<CorrectionStore.Stored> apply(CorrectionStore.Stored before, CorrectionResult result) {
        CorrectionRequest state = before == null ? null : before.state();
        CorrectionStore.Step requested = before == null ? null : before.requested();
        CorrectionStore.Step reviewed = before == null ? null : before.reviewed();
        Mono<Void> writes = Mono.empty();
        for (CorrectionEvent event : result.events()) {
            state = CorrectionRequest.evolve(state, event);
            CorrectionRequest after = state;
            if (event instanceof CorrectionEvent.Requested r) {
                requested = new CorrectionStore.Step(r.by(), r.byOrg(), r.at(), r.text());
                CorrectionStore.Step step = requested;
                writes = writes.then(corrections.insert(after, step));
            } else {
                reviewed = new CorrectionStore.Step(event.by(), event.byOrg(), event.at(), event.text());
                CorrectionStore.Step step = reviewed;
                writes = writes.then(corrections.reviewed(after, step));
            }
            if (event instanceof CorrectionEvent.Applied a && a.correction().kind() == CorrectionKind.DELETE) {
                writes = writes.then(objections.retract(after.eventId()));
            }
            for (SpecificRecord record : CorrectionRecords.of(event, after)) {
                String topic = IntegrityTopics.OBJECTIONS.name();
                writes = writes.then(
                        Mono.defer(() -> objections.enqueue(topic, after.unitId(), avro.serialize(topic, record))));
            }
        }
        return writes.thenReturn(new CorrectionStore.Stored(state, requested, reviewed));
    }
}

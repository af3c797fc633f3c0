package cn.jiyuan.integrity.query.official;

import cn.jiyuan.integrity.query.model.Evaluations;
import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.evaluation.AnnualEvaluation;
import cn.jiyuan.integrity.rules.evaluation.OfficialUnit;
import cn.jiyuan.integrity.rules.evaluation.ResultChecksum;
import cn.jiyuan.integrity.rules.evaluation.ResultDiff;
import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.rules.scoring.FactState;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.work.Signal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The credit office's year (第七条): freezing a date's evaluation as a version of the year's official result, and
 * publishing a version (公示). What may be frozen and for how long 公示 lasts are the rules library's
 * ({@link AnnualEvaluation}); the evaluation itself is the one every query answers from.
 */
public class AnnualResults {

    private final Evaluations evaluations;
    private final OfficialResults store;
    private final PublicationRelay relay;
    private final Signal relaySignal;
    private final Catalogs catalogs;
    private final WorkdayCalendar calendar;
    private final Clock clock;

    public AnnualResults(
            Evaluations evaluations,
            OfficialResults store,
            PublicationRelay relay,
            Signal relaySignal,
            Catalogs catalogs,
            WorkdayCalendar calendar,
            Clock clock) {
        this.evaluations = evaluations;
        this.store = store;
        this.relay = relay;
        this.relaySignal = relaySignal;
        this.catalogs = catalogs;
        this.calendar = calendar;
        this.clock = clock;
    }

    /** A new version and what differs from the one before it (empty for version 1). */
    public record Frozen(ResultVersion version, List<ResultDiff.Change> differences) {}

    /** Freezes the evaluation of {@code asOf} (default 12-31) as the next version of {@code year}'s result. */
    public Mono<Frozen> freeze(int year, LocalDate asOf, String frozenBy, String signedOffBy, String reason) {
        LocalDate date = asOf == null ? AnnualEvaluation.defaultDate(year) : asOf;
        AnnualEvaluation.refusal(year, date, today()).ifPresent(why -> {
            throw Refusal.invalid("asOf", why);
        });
        Instant now = clock.instant();
        return evaluations.dayFromEverythingStored(date).flatMap(day -> {
            List<OfficialUnit> units = officialUnits(day);
            String catalogVersion = catalogs.inForce(date).version();
            String checksum = ResultChecksum.of(year, date, catalogVersion, units);
            var freeze = new OfficialResults.Freeze(
                    year, date, catalogVersion, checksum, now, frozenBy, signedOffBy, reason, day.version(), units);
            return store.freeze(freeze, latest -> {
                        if (latest == null) {
                            return null;
                        }
                        if (reason == null) {
                            return Refusal.invalid(
                                    "reason",
                                    "is required for a new version: say why " + year + " is frozen again (version "
                                            + latest.version() + " exists)");
                        }
                        if (latest.checksum().equals(checksum)) {
                            return Refusal.conflict("nothing changed since version " + latest.version() + " of " + year
                                    + " (checksum " + checksum + ")");
                        }
                        return null;
                    })
                    .flatMap(v -> v.version() == 1
                            ? Mono.just(new Frozen(v, List.of()))
                            : store.units(year, v.version() - 1)
                                    .map(previous -> new Frozen(v, ResultDiff.between(previous, units))));
        });
    }

    /**
     * Publishes a version with its publicity period, then puts it on the topic. {@code sentAt} in the answer is null
     * when Kafka did not acknowledge in time: the publication stands and the relay sends it when it can.
     */
    public Mono<ResultVersion> publish(int year, int version, String by, int workingDays) {
        AnnualEvaluation.publicityRefusal(workingDays).ifPresent(why -> {
            throw Refusal.invalid("publicityWorkingDays", why);
        });
        LocalDate endsOn = AnnualEvaluation.publicityEndsOn(today(), workingDays, calendar);
        return store.publish(year, version, clock.instant(), by, workingDays, endsOn)
                .flatMap(published -> Mono.fromCallable(relay::sendPending)
                        .subscribeOn(Schedulers.boundedElastic())
                        .timeout(Duration.ofSeconds(15))
                        .then(store.version(year, version))
                        .onErrorResume(e -> {
                            relaySignal.raise();
                            return Mono.just(published);
                        }));
    }

    public LocalDate today() {
        return ChinaTime.dateOf(clock.instant());
    }

    private static List<OfficialUnit> officialUnits(Evaluations.Day day) {
        List<OfficialUnit> units = new ArrayList<>(day.ranking().size());
        for (GradedUnit g : day.ranking()) {
            Evaluations.Evaluated e = day.units().get(g.unitId());
            units.add(new OfficialUnit(
                    g.unitId(),
                    e.registration().name(),
                    e.score().score(),
                    e.score().rawScore(),
                    g.grade(),
                    g.rank(),
                    e.score().debtorListed(),
                    e.score().indicators(),
                    e.score().facts().stream()
                            .filter(f -> f.status() == FactStatus.COUNTED || f.status() == FactStatus.AMENDED)
                            .map(FactState::eventId)
                            .toList()));
        }
        return units;
    }
}

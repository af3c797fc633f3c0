package cn.jiyuan.integrity.query;

import static org.awaitility.Awaitility.await;

import cn.jiyuan.integrity.query.model.EvaluatedDays;
import cn.jiyuan.integrity.query.model.Evaluations;
import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * One query instance's memory and evaluations on a clock of its own, with its own meters (a start of the service) —
 * beside the application's, on the same stored records.
 */
final class EvaluationsInstance {

    final ReadModel memory;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final Evaluations evaluations;

    /** @param maxAge how old an answer may be while records arrive (zero: never older than its memory) */
    EvaluationsInstance(DatabaseClient db, Catalogs catalogs, Clock time, EvaluatedDays store, Duration maxAge) {
        memory = new ReadModel(db, 1_000);
        memory.tail();
        evaluations = new Evaluations(memory, store, new ScoreFold(catalogs), time, maxAge, 1, 4, meters);
    }

    /** The date's evaluation, once a past date's is stored (that happens after it is answered). */
    Evaluations.Day day(LocalDate date) {
        Evaluations.Day day = evaluations.dayAsync(date).block(Duration.ofSeconds(30));
        await().until(() -> evaluations.storesUnderWay() == 0);
        return day;
    }

    /** Units folded by its evaluations so far. */
    double folded() {
        return meters.get("query.evaluation.units.folded").counter().count();
    }

    /** Its evaluations of a kind so far: whole, refresh or stored. */
    long evaluations(String kind) {
        return meters.get("query.evaluation").tag("kind", kind).timer().count();
    }
}

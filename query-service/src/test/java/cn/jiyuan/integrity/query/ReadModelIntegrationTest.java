package cn.jiyuan.integrity.query;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.query.model.EvaluatedDays;
import cn.jiyuan.integrity.query.model.Evaluations;
import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.query.model.UnitHistory;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import cn.jiyuan.integrity.schemas.avro.CreditFact;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.MutableClock;
import cn.jiyuan.integrity.support.testing.SharedPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * The read model holds a unit's facts only while they fit, and reads the others back from the stored records. What it
 * answers must not depend on which: a memory of three facts answers every question as one that holds them all.
 */
class ReadModelIntegrationTest extends QueryTestBase {

    @Autowired
    private Catalogs catalogs;

    @Test
    void aFreshStoreWithNothingInItIsReadAtOnce() {
        String schema = SharedPostgres.schemaFor("query_empty");
        db.sql("CREATE SCHEMA " + schema).then().block(Duration.ofSeconds(10));
        for (String table : List.of("unit_records", "record_purge_count")) {
            db.sql("CREATE TABLE " + schema + "." + table + " (LIKE " + table + " INCLUDING ALL)")
                    .then()
                    .block(Duration.ofSeconds(10));
        }
        db.sql("INSERT INTO " + schema + ".record_purge_count VALUES (0)")
                .then()
                .block(Duration.ofSeconds(10));
        ConnectionFactory empty = ConnectionFactories.get(ConnectionFactoryOptions.parse(SharedPostgres.r2dbcUrl())
                .mutate()
                .option(ConnectionFactoryOptions.USER, SharedPostgres.USER)
                .option(Option.valueOf("schema"), schema)
                .build());
        ReadModel memory = new ReadModel(DatabaseClient.create(empty), 1_000);

        assertThat(memory.tail()).isZero();
        assertThat(memory.isCaughtUp()).isTrue();
        assertThat(memory.version()).isZero();
        assertThat(memory.snapshot().units()).isEmpty();
    }

    @Test
    void factsReadBackAtAnOlderVersionAreNotHeldOnceANewerFactHasArrived() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(10));
        events.send(fact(unit, 5), unit);
        awaitStored(unit, 2);
        ReadModel memory = new ReadModel(db, 1_000);
        memory.tail();
        ReadModel.Snapshot before = memory.snapshot();
        assertThat(before.heldFacts()).doesNotContainKey(unit); // the first tail reads no fact

        events.send(fact(unit, 4), unit);
        awaitStored(unit, 3);
        memory.tail(); // the unit's facts are not held: only where they end moves on

        List<UnitHistory> seen = new ArrayList<>();
        memory.inChunks(before, only(before, unit), 10, seen::addAll);
        assertThat(seen).singleElement().satisfies(h -> assertThat(h.facts()).hasSize(1)); // as of the snapshot
        // what was read back for the old snapshot is not kept as the unit's facts now
        assertThat(memory.unit(unit).facts()).hasSize(2);
        assertThat(memory.snapshot().heldFacts().get(unit).facts(unit)).hasSize(2);
    }

    @Test
    void aMemoryOfThreeFactsAnswersAsOneThatHoldsThemAll() {
        List<String> units = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String unit = Events.newUnitId();
            units.add(unit);
            events.register(unit, true, daysAgo(20));
            events.send(fact(unit, 10 + i), unit);
        }
        units.forEach(unit -> awaitStored(unit, 2));
        ReadModel small = new ReadModel(db, 3);
        ReadModel large = new ReadModel(db, 1_000);
        small.tail();
        large.tail();
        // both read every unit once (the large one now holds them all, the small one what fits)
        assertThat(factIds(small, units)).isEqualTo(factIds(large, units));

        // more facts, some to units held, while both follow; then a second fact for each, read in chunks
        for (int round = 0; round < 2; round++) {
            for (String unit : units) {
                events.send(fact(unit, 2 + round), unit);
            }
            int stored = 3 + round; // the registration, the first fact, and one a round
            units.forEach(unit -> awaitStored(unit, stored));
            small.tail();
            large.tail();
            assertThat(factIds(small, units)).isEqualTo(factIds(large, units));
            assertThat(inChunks(small, units)).isEqualTo(inChunks(large, units));
        }
        assertThat(factIds(large, units).values())
                .allSatisfy(ids -> assertThat(ids).hasSize(3));
        assertThat(small.heldFacts()).isLessThanOrEqualTo(3);
        assertThat(large.heldFacts()).isGreaterThanOrEqualTo(12);
    }

    @Test
    void aDayRefreshedFromAnEarlierOneEqualsTheDayComputedWhole() {
        String scored = Events.newUnitId();
        String leaving = Events.newUnitId();
        String joining = Events.newUnitId();
        events.register(scored, true, daysAgo(30));
        events.register(leaving, true, daysAgo(30));
        events.send(fact(scored, 9), scored);
        events.send(fact(leaving, 8), leaving);
        awaitStored(scored, 2);
        awaitStored(leaving, 2);
        ReadModel memory = new ReadModel(db, 3);
        memory.tail();
        Evaluations refreshed = evaluations(memory, clock, Duration.ZERO);
        Evaluations.Day before = refreshed.dayAsync(today()).block(Duration.ofSeconds(30));
        assertThat(before.units()).containsKeys(scored, leaving).doesNotContainKey(joining);

        // a fact for one unit, another leaves the evaluation, a third joins with a fact
        events.send(fact(scored, 3), scored);
        events.register(leaving, false, daysAgo(1));
        events.register(joining, true, daysAgo(2));
        events.send(fact(joining, 2), joining);
        awaitStored(scored, 3);
        awaitStored(leaving, 3);
        awaitStored(joining, 2);
        memory.tail();

        Evaluations.Day after = refreshed.dayAsync(today()).block(Duration.ofSeconds(30));
        Evaluations.Day whole =
                evaluations(memory, clock, Duration.ZERO).dayAsync(today()).block(Duration.ofSeconds(30));
        assertThat(after.version()).isGreaterThan(before.version()).isEqualTo(whole.version());
        assertThat(after.units()).isEqualTo(whole.units());
        assertThat(after.ranking()).isEqualTo(whole.ranking());
        assertThat(after.units().get(scored).score().score())
                .isLessThan(before.units().get(scored).score().score());
        assertThat(after.graded(leaving)).isNull(); // not taking part any more
        assertThat(after.units()).containsKey(joining);
    }

    @Test
    void aPurgeThatFoundNothingKeepsTheDaysAndOneThatFoundSomeDropsThoseItCanChange() {
        ReadModel memory = new ReadModel(db, 1_000);
        memory.tail();
        Evaluations evaluations = evaluations(memory, clock, Duration.ofHours(1));
        evaluations.dayAsync(today()).block(Duration.ofSeconds(30));

        evaluations.purged(new ReadModel.Purge(0, Set.of(), today()));
        assertThat(evaluations.fresh(today())).isNotNull();
        evaluations.purged(new ReadModel.Purge(2, Set.of("U"), today().minusDays(1))); // changes no date after it
        assertThat(evaluations.fresh(today())).isNotNull();
        evaluations.purged(new ReadModel.Purge(2, Set.of("U"), today()));
        assertThat(evaluations.fresh(today())).isNull();
    }

    @Test
    void theMemoryAndTheEvaluationsAreMeasured() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(3));
        events.send(fact(unit, 2), unit);
        awaitApplied(unit, 2);
        ok("/api/v1/units/" + unit + "/score", creditOffice());
        String metrics = http.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        assertThat(metrics)
                .contains("query_read_model_held_facts ", "query_read_model_version ")
                .containsPattern("query_evaluation_seconds_count\\{kind=\"(whole|refresh)\",?[^}]*} [1-9]");
    }

    @Test
    void whileADayIsRefreshedTheDayBeforeIsGivenIfNotOlderThanTwiceTheMaximumAge() {
        String unit = Events.newUnitId();
        events.register(unit, true, daysAgo(30));
        awaitStored(unit, 1);
        ReadModel memory = new ReadModel(db, 1_000);
        memory.tail();
        MutableClock time = new MutableClock();
        time.setTo(clock.instant());
        Evaluations evaluations = evaluations(memory, time, Duration.ofMinutes(1));
        Evaluations.Day first = evaluations.dayAsync(today()).block(Duration.ofSeconds(30));

        events.send(fact(unit, 3), unit);
        awaitStored(unit, 2);
        memory.tail();
        assertThat(evaluations.servable(today())).isSameAs(first); // within the maximum age: fresh

        time.advance(Duration.ofSeconds(90)); // older than the maximum age, not than twice it
        assertThat(evaluations.fresh(today())).isNull();
        assertThat(evaluations.servable(today())).isSameAs(first); // given at once, and refreshed meanwhile
        await().until(() -> evaluations.servable(today()).version() == memory.version());
        assertThat(evaluations.servable(today()).units().get(unit).score().score())
                .isLessThan(first.units().get(unit).score().score());

        events.send(fact(unit, 2), unit);
        awaitStored(unit, 3);
        memory.tail();
        time.advance(Duration.ofMinutes(3)); // older than twice the maximum age: not given
        assertThat(evaluations.servable(today())).isNull();
    }

    /** Evaluations over {@code memory} apart from the service's, one worker, its own meters. */
    private Evaluations evaluations(ReadModel memory, Clock time, Duration maxAge) {
        return new Evaluations(
                memory, new EvaluatedDays(db), new ScoreFold(catalogs), time, maxAge, 1, 4, new SimpleMeterRegistry());
    }

    private CreditFact fact(String unit, int daysAgo) {
        return CreditFact.newBuilder(Events.fact(unit, "4.1", "LIGHT_DISCIPLINE", null, today().minusDays(daysAgo)))
                .setRecordedAt(daysAgo(daysAgo - 1))
                .build();
    }

    private void awaitStored(String unit, int records) {
        await().until(() -> count("SELECT count(*) FROM unit_records WHERE unit_id = '" + unit + "'") >= records);
    }

    private static List<UnitHistory> only(ReadModel.Snapshot snapshot, String unit) {
        return snapshot.units().stream().filter(h -> h.unitId().equals(unit)).toList();
    }

    private static Map<String, List<String>> factIds(ReadModel memory, List<String> units) {
        Map<String, List<String>> ids = new TreeMap<>();
        units.forEach(unit ->
                ids.put(unit, memory.unit(unit).facts().stream().map(Fact::id).toList()));
        return ids;
    }

    private static Map<String, List<String>> inChunks(ReadModel memory, List<String> units) {
        ReadModel.Snapshot snapshot = memory.snapshot();
        List<UnitHistory> wanted = snapshot.units().stream()
                .filter(h -> units.contains(h.unitId()))
                .toList();
        Map<String, List<String>> ids = new TreeMap<>();
        memory.inChunks(
                snapshot,
                wanted,
                3,
                chunk -> chunk.forEach(h ->
                        ids.put(h.unitId(), h.facts().stream().map(Fact::id).toList())));
        return ids;
    }
}

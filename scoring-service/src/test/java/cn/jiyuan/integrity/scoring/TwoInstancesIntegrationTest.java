package cn.jiyuan.integrity.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.scoring.consumer.ProjectionConsumer;
import cn.jiyuan.integrity.scoring.replay.Checksum;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.SharedPostgres;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Two instances in one consumer group split the partitions between them, and the projection they build together is
 * the one a single replay builds: the result does not depend on how many instances run.
 */
class TwoInstancesIntegrationTest {

    private static final String SCHEMA = SharedPostgres.schemaFor("scoring_pair");
    private static final String[] ARGS = IntegrationProperties.arguments(
            SharedKafka.bootstrapServers(),
            SCHEMA,
            "--scoring.group-id=scoring-pair-" + UUID.randomUUID(),
            "--scoring.poll-timeout=100ms");

    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;
    private static Events events;

    @BeforeAll
    static void start() {
        events = new Events();
        first = new SpringApplicationBuilder(ScoringApplication.class).run(ARGS);
    }

    @AfterAll
    static void stop() {
        events.close();
        if (second != null) {
            second.close();
        }
        first.close();
    }

    private static Set<Integer> owned(ConfigurableApplicationContext instance) {
        return instance.getBean(ProjectionConsumer.class).ownedPartitions();
    }

    @Test
    void twoInstancesSplitThePartitionsAndTogetherBuildWhatOneReplayBuilds() {
        LocalDate d = LocalDate.now().minusDays(20);
        for (int u = 0; u < 24; u++) {
            String unit = Events.newUnitId();
            events.register(unit, true);
            for (int i = 0; i < 1 + u % 4; i++) {
                events.sendAsync(Events.fact(unit, "7.4", "PREFECTURE", null, d), unit);
                events.sendAsync(Events.fact(unit, "6.5", "PENALISED", new BigDecimal("0.75"), d), unit);
            }
        }
        events.flush();
        second = new SpringApplicationBuilder(ScoringApplication.class).run(ARGS);

        ScoringTestBase.await().atMost(Duration.ofSeconds(90)).until(() -> {
            Set<Integer> a = owned(first);
            Set<Integer> b = owned(second);
            Set<Integer> both = new HashSet<>(a);
            both.addAll(b);
            return !a.isEmpty() && !b.isEmpty() && both.size() == 6 && a.size() + b.size() == 6;
        });
        for (int u = 0; u < 24; u++) { // more work after the split, for both instances
            String unit = Events.newUnitId();
            events.register(unit, u % 5 != 0);
            events.sendAsync(Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, d), unit);
        }
        events.flush();

        DatabaseClient db = first.getBean(DatabaseClient.class);
        var end = Offsets.endOfInputTopics();
        ScoringTestBase.await().atMost(Duration.ofSeconds(90)).until(() -> Offsets.caughtUp(db, SCHEMA, end));
        String fresh = SCHEMA + "_single";
        ReplayCommand.noSwitchInto(fresh, ARGS);
        try {
            Checksum.Result expected = Checksum.of(db, fresh);
            ScoringTestBase.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> Checksum.of(db, SCHEMA).total().equals(expected.total()));
            assertThat(Checksum.of(db, SCHEMA).parts()).isEqualTo(expected.parts());
            assertThat(expected.rows().get("unit_scores")).isGreaterThanOrEqualTo(48L);
        } finally {
            db.sql("DROP SCHEMA IF EXISTS " + fresh + " CASCADE").then().block();
        }
    }
}

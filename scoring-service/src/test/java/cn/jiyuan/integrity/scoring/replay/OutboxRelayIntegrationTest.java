package cn.jiyuan.integrity.scoring.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.schemas.avro.UnitScore;
import cn.jiyuan.integrity.scoring.ScoringTestBase;
import cn.jiyuan.integrity.scoring.Workers;
import cn.jiyuan.integrity.scoring.projection.Partitions;
import cn.jiyuan.integrity.scoring.projection.Projector;
import cn.jiyuan.integrity.scoring.projection.ScoreRow;
import cn.jiyuan.integrity.support.outbox.OutboxRelay;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The scoring outbox is relayed exactly once (issue 18 §3: one relay for both services): a relay that dies after the
 * broker acknowledged and before its commit leaves its rows behind, and the next run finds their records on the topic
 * and drops the rows instead of publishing them again — also when a replay switched projections in between.
 */
class OutboxRelayIntegrationTest extends ScoringTestBase {

    @Autowired
    OutboxRelay relay;

    @Autowired
    Workers workers;

    @Autowired
    Projector projector;

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void aRelayThatDiedAfterTheAcknowledgementDoesNotPublishAgain() {
        assertPublishedOnceAfterACrash(() -> {});
    }

    @Test
    void aReplaysSwitchOverCarriesTheRelaysRowsAndPositionsOver() {
        assertPublishedOnceAfterACrash(() -> {
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            int exit = Replay.fromContext(context, schema)
                    .run(context.getEnvironment(), new PrintStream(captured, true, StandardCharsets.UTF_8));
            assertThat(exit).as(captured.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(captured.toString(StandardCharsets.UTF_8)).contains("switched:");
        });
    }

    private void assertPublishedOnceAfterACrash(Runnable meanwhile) {
        String unit = Events.newUnitId();
        awaitOutboxDrained();
        workers.stop();
        try (TopicReader scores = new TopicReader(SharedKafka.bootstrapServers(), IntegrityTopics.UNIT_SCORES)) {
            enqueueScoreOf(unit);
            relay.afterSend(() -> {
                throw new IllegalStateException("relay killed after the acknowledgement");
            });
            assertThatThrownBy(relay::relayOnce).hasMessageContaining("relay killed");
            relay.afterSend(null);
            assertThat(outboxRowsOf(unit)).isOne(); // rolled back: the row is still there, its record on the topic

            meanwhile.run();
            relay.drain();
            assertThat(outboxRowsOf(unit)).isZero();

            String sentinel = Events.newUnitId();
            enqueueScoreOf(sentinel);
            relay.drain();
            var published = scores.readUntil(
                    r -> r instanceof UnitScore s && s.getUnitId().equals(sentinel));
            assertThat(published)
                    .filteredOn(r ->
                            r.value() instanceof UnitScore s && s.getUnitId().equals(unit))
                    .hasSize(1);
        } finally {
            relay.afterSend(null);
            workers.start();
        }
    }

    private void enqueueScoreOf(String unit) {
        ScoreRow row = new ScoreRow(
                unit,
                Partitions.of(unit),
                today(),
                "2022",
                new BigDecimal("100.00"),
                new BigDecimal("100.00"),
                false,
                true,
                List.of());
        store.enqueue(List.of(projector.unitScoreRecord(row, clock.instant()))).block();
    }

    private long outboxRowsOf(String unit) {
        return db.sql("SELECT count(*) AS n FROM outbox WHERE record_key = $1")
                .bind(0, unit)
                .map((r, meta) -> r.get("n", Long.class))
                .one()
                .block();
    }
}

package cn.jiyuan.integrity.scoring.replay;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.scoring.ScoringTestBase;
import cn.jiyuan.integrity.support.testing.Events;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Records that the live service consumed while the replay was being built: the switch-over replays them into the new
 * projection on top of the facts the load wrote (which the replay no longer holds in memory).
 */
class ReplayCatchUpIntegrationTest extends ScoringTestBase {

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void recordsArrivingDuringAReplayAreFoldedWithTheUnitsEarlierFacts() {
        String unit = Events.newUnitId();
        LocalDate d = today().minusMonths(2);
        events.register(unit, true);
        var fact = Events.fact(unit, "4.4", "DEDUCTED", new BigDecimal("1.5"), d);
        events.send(fact, unit);
        events.send(Events.fact(unit, "7.3", "RANK_2", null, d), unit);
        awaitCaughtUp();
        awaitOutboxDrained();
        assertThat(row(unit).score()).isEqualByComparingTo("100.50"); // 100 − 1.5 + 2

        AtomicReference<String> liveChecksum = new AtomicReference<>();
        Replay replay = Replay.fromContext(context, schema).beforeSwitch(() -> {
            // The replay has read up to the ends it took at its start; the live service goes on meanwhile.
            events.send(Events.amendment(fact, "DEDUCTED", new BigDecimal("0.5"), d), unit);
            events.send(Events.fact(unit, "1.1", "ENFORCEMENT_REVOKED", null, today().minusDays(1)), unit);
            awaitCaughtUp();
            awaitOutboxDrained();
            liveChecksum.set(Checksum.of(db, schema).total());
        });
        ByteArrayOutputStream captured = new ByteArrayOutputStream();

        int exit = replay.run(context.getEnvironment(), new PrintStream(captured, true, StandardCharsets.UTF_8));

        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("switched:").contains("(0 record(s) queued");
        assertThat(row(unit).score()).isEqualByComparingTo("99.50"); // 100 − 0.5 (amended) + 2 − 2 (revoked)
        assertThat(Checksum.of(db, schema).total()).as(out).isEqualTo(liveChecksum.get());
    }
}

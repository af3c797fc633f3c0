package cn.jiyuan.integrity.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.schemas.IntegrityTopics;
import cn.jiyuan.integrity.scoring.replay.Checksum;
import cn.jiyuan.integrity.support.testing.Events;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.SharedKafka;
import cn.jiyuan.integrity.support.testing.SharedPostgres;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash safety: the service runs as a child JVM, is killed with SIGKILL in the middle of a large backlog, started
 * again, and its projection then equals a fresh replay of the same topics, checksum for checksum.
 */
class CrashIntegrationTest extends ScoringTestBase {

    private static final int UNITS = 40;
    private static final int FACTS_PER_UNIT = 500;

    private final String childSchema = SharedPostgres.schemaFor("scoring_crash");
    private final String group = "scoring-crash-" + UUID.randomUUID();
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        children.forEach(Process::destroyForcibly);
    }

    private Process startChild(String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                ScoringApplication.class.getName()));
        command.addAll(List.of(IntegrationProperties.arguments(
                SharedKafka.bootstrapServers(),
                childSchema,
                "--scoring.group-id=" + group,
                "--scoring.max-poll-records=500")));
        File log = new File("target/" + name + ".log");
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start();
        children.add(p);
        return p;
    }

    private long appliedCreditEvents() {
        try {
            return db.sql("SELECT coalesce(sum(next_offset), 0) AS n FROM " + childSchema
                            + ".consumer_offsets WHERE topic = $1")
                    .bind(0, IntegrityTopics.CREDIT_EVENTS.name())
                    .map((row, meta) -> ((Number) row.get("n")).longValue())
                    .one()
                    .block();
        } catch (RuntimeException e) {
            return -1; // the child has not created its schema yet
        }
    }

    @Test
    void killedInTheMiddleOfABacklogItsProjectionAfterRestartEqualsAFreshReplay() throws Exception {
        LocalDate d = today().minusMonths(4);
        String[][] kinds = {{"7.2", "JIYUAN"}, {"1.1", "ENFORCEMENT_REVOKED"}, {"6.5", "PENALISED"}};
        for (int u = 0; u < UNITS; u++) {
            String unit = Events.newUnitId();
            events.register(unit, u % 10 != 0);
            for (int i = 0; i < FACTS_PER_UNIT; i++) {
                String[] k = kinds[i % kinds.length];
                BigDecimal points = k[0].equals("6.5") ? new BigDecimal("0.25") : null;
                events.sendAsync(Events.fact(unit, k[0], k[1], points, d.plusDays(i % 90)), unit);
            }
        }
        events.flush();
        Map<TopicPartition, Long> end = Offsets.endOfInputTopics();
        long total = end.entrySet().stream()
                .filter(e -> e.getKey().topic().equals(IntegrityTopics.CREDIT_EVENTS.name()))
                .mapToLong(Map.Entry::getValue)
                .sum();

        Process first = startChild("crash-child-1");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> appliedCreditEvents() > 0);
        first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no commit
        long atKill = appliedCreditEvents();
        assertThat(atKill)
                .as("killed in the middle of the backlog")
                .isPositive()
                .isLessThan(total);

        startChild("crash-child-2");
        await().atMost(Duration.ofSeconds(180)).until(() -> Offsets.caughtUp(db, childSchema, end));

        String fresh = childSchema + "_fresh";
        ReplayCommand.noSwitchInto(
                fresh,
                IntegrationProperties.arguments(
                        SharedKafka.bootstrapServers(), childSchema, "--scoring.group-id=" + group));
        try {
            Checksum.Result expected = Checksum.of(db, fresh);
            assertThat(expected.rows().get("unit_facts")).isGreaterThanOrEqualTo((long) UNITS * FACTS_PER_UNIT);
            // The restarted child is caught up; its grading step may still be finishing: converge, then equal.
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Checksum.of(db, childSchema).total().equals(expected.total()));
            assertThat(Checksum.of(db, childSchema).parts()).isEqualTo(expected.parts());
        } finally {
            db.sql("DROP SCHEMA IF EXISTS " + fresh + " CASCADE").then().block();
        }
    }
}

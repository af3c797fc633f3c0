package cn.jiyuan.integrity.scoring;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.scoring.projection.ProjectionStore;
import cn.jiyuan.integrity.scoring.projection.ScoreRow;
import cn.jiyuan.integrity.support.testing.IntegrationProperties;
import cn.jiyuan.integrity.support.testing.MutableClock;
import cn.jiyuan.integrity.support.testing.ServiceTestSupport;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One scoring service for the integration test classes that share it (Spring's context cache): the shared broker, a
 * fresh schema and a consumer group of its own, and a clock the tests move.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        classes = {ScoringApplication.class, MutableClock.AsBean.class})
public abstract class ScoringTestBase extends ServiceTestSupport {

    static final String GROUP = "scoring-it-" + UUID.randomUUID();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        IntegrationProperties.register(registry, "scoring");
        registry.add("scoring.group-id", () -> GROUP);
        registry.add("scoring.poll-timeout", () -> "100ms");
    }

    @Autowired
    protected DatabaseClient db;

    /** The live projection's schema. */
    @Value("${spring.flyway.default-schema}")
    protected String schema;

    @Autowired
    protected ProjectionStore store;

    @Autowired
    protected MutableClock clock;

    /** Waits until the live projection has consumed everything on the input topics so far. */
    protected void awaitCaughtUp() {
        Map<TopicPartition, Long> end = Offsets.endOfInputTopics();
        await().until(() -> Offsets.caughtUp(db, schema, end));
    }

    protected LocalDate today() {
        return ChinaTime.dateOf(clock.instant());
    }

    protected ScoreRow row(String unitId) {
        return store.scores(List.of(unitId)).block().get(unitId);
    }

    /** The unit's credit facts' statuses as stored (eventId → status), ordered by eventId. */
    protected Map<String, String> statuses(String unitId) {
        Map<String, String> statuses = new TreeMap<>();
        db.sql("SELECT fact_id, status FROM unit_facts WHERE unit_id = $1 AND kind = 'C'")
                .bind(0, unitId)
                .map((row, meta) -> Map.entry(row.get("fact_id", String.class), String.valueOf(row.get("status"))))
                .all()
                .doOnNext(e -> statuses.put(e.getKey(), e.getValue()))
                .then()
                .block();
        return statuses;
    }

    protected Map<String, Object> grade(String unitId) {
        return db.sql("SELECT grade FROM grades WHERE unit_id = $1")
                .bind(0, unitId)
                .fetch()
                .one()
                .block();
    }

    /** Waits until the relay has published everything queued so far, so a reader opened now sees only what follows. */
    protected void awaitOutboxDrained() {
        await().until(() -> db.sql("SELECT count(*) AS n FROM outbox")
                .fetch()
                .one()
                .block()
                .get("n")
                .equals(0L));
    }
}

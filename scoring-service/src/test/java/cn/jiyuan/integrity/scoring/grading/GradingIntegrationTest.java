package cn.jiyuan.integrity.scoring.grading;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.grading.GradedUnit;
import cn.jiyuan.integrity.rules.grading.Grading;
import cn.jiyuan.integrity.scoring.ScoringTestBase;
import cn.jiyuan.integrity.scoring.projection.Partitions;
import cn.jiyuan.integrity.scoring.projection.ScoreRow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Grading instances that keep their standings in memory between runs (three here: the service's own and two more on
 * the same projection) leave the grades table exactly as grading every active unit from scratch would, whichever of
 * them runs after which, and none queues a change another has already queued.
 */
class GradingIntegrationTest extends ScoringTestBase {

    @Autowired
    TransactionalOperator tx;

    @Test
    void instancesTakingTurnsGradeWhatAFullGradingGivesAndNeverQueueAChangeTwice() {
        Grader first = new Grader(db, store, tx, clock);
        Grader second = new Grader(db, store, tx, clock);
        Random random = new Random(17);
        String prefix = "G" + UUID.randomUUID().toString().substring(0, 8) + "-";
        List<String> units = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            units.add(prefix + i);
        }
        first.grade();
        second.grade();

        for (int step = 0; step < 60; step++) {
            List<ScoreRow> rows = new ArrayList<>();
            for (int k = 1 + random.nextInt(5); k > 0; k--) {
                String unit = units.get(random.nextInt(units.size()));
                // few distinct values around 100, so the quota's boundary moves and ties sit on it
                BigDecimal score = BigDecimal.valueOf(9_700 + random.nextInt(12) * 50L, 2);
                rows.removeIf(r -> r.unitId().equals(unit));
                rows.add(row(unit, score, random.nextInt(8) != 0));
            }
            store.upsertScores(rows, clock.instant()).block();
            Grader turn = random.nextBoolean() ? first : second;
            Grader other = turn == first ? second : first;

            turn.grade();
            assertThat(storedGrades()).as("step %d", step).isEqualTo(fullGrading());
            if (random.nextInt(3) == 0) { // otherwise the other instance falls behind by several runs
                assertThat(other.grade())
                        .as("step %d: the other instance, catching up, finds nothing left to change", step)
                        .isZero();
            }
        }
    }

    private ScoreRow row(String unit, BigDecimal score, boolean active) {
        return new ScoreRow(unit, Partitions.of(unit), today(), "2022", score, score, false, active, List.of());
    }

    private Map<String, String> storedGrades() {
        return db.sql("SELECT unit_id, grade FROM grades")
                .map((row, meta) -> Map.entry(row.get("unit_id", String.class), row.get("grade", String.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, TreeMap::new)
                .block();
    }

    private Map<String, String> fullGrading() {
        Map<String, BigDecimal> active = db.sql("SELECT unit_id, score FROM unit_scores WHERE active")
                .map((row, meta) -> Map.entry(row.get("unit_id", String.class), row.get("score", BigDecimal.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .block();
        Map<String, String> grades = new TreeMap<>();
        for (GradedUnit g : Grading.grade(active)) {
            grades.put(g.unitId(), g.grade().name());
        }
        return grades;
    }
}

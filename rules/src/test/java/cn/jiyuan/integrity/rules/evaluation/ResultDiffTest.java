package cn.jiyuan.integrity.rules.evaluation;

import static cn.jiyuan.integrity.rules.evaluation.ResultChecksumTest.unit;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.grading.Grade;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultDiffTest {

    @Test
    void listsEveryUnitThatMovedEnteredOrLeftAndTheFactsBehindIt() {
        var v1 = List.of(
                unit("A", "100", Grade.EXCELLENT, 1),
                unit("B", "98", Grade.GOOD, 2, "f1"),
                unit("C", "90", Grade.GOOD, 3),
                unit("D", "85", Grade.GOOD, 4));
        var v2 = List.of(
                unit("B", "100", Grade.GOOD, 1), // f1 retracted
                unit("A", "100", Grade.EXCELLENT, 1),
                unit("C", "90", Grade.GOOD, 3),
                unit("E", "80", Grade.GOOD, 4));
        var changes = ResultDiff.between(v1, v2);
        assertThat(changes).extracting(ResultDiff.Change::unitId).containsExactly("B", "D", "E");
        var b = changes.get(0);
        assertThat(b.before().score()).isEqualByComparingTo("98");
        assertThat(b.after().score()).isEqualByComparingTo("100");
        assertThat(b.factsRemoved()).containsExactly("f1");
        assertThat(b.factsAdded()).isEmpty();
        assertThat(changes.get(1).after()).isNull();
        assertThat(changes.get(2).before()).isNull();
        assertThat(ResultDiff.between(v1, v1)).isEmpty();
    }

    @Test
    void statusFollowsPublicationAndLaterVersions() {
        LocalDate ends = LocalDate.of(2026, 1, 20);
        assertThat(ResultStatus.of(1, null, null, ends)).isEqualTo(ResultStatus.FROZEN);
        assertThat(ResultStatus.of(1, ends, 1, ends)).isEqualTo(ResultStatus.IN_PUBLICITY);
        assertThat(ResultStatus.of(1, ends, 1, ends.plusDays(1))).isEqualTo(ResultStatus.FINAL);
        assertThat(ResultStatus.of(1, ends, 2, ends)).isEqualTo(ResultStatus.SUPERSEDED);
        assertThat(ResultStatus.of(2, null, 1, ends)).isEqualTo(ResultStatus.FROZEN);
    }
}

package cn.jiyuan.integrity.rules.objections;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.Facts;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnderObjectionTest {

    @Test
    void aFactIsUnderObjectionFromTheDayItIsFiledUntilTheDayItIsClosedInChinaTime() {
        List<UnderObjection.Step> steps = List.of(
                new UnderObjection.Step("o1", "e1", Facts.chinaMorning("2026-03-02"), true),
                new UnderObjection.Step("o2", "e2", Facts.chinaMorning("2026-03-03"), true),
                new UnderObjection.Step("o1", "e1", Facts.chinaMorning("2026-03-10"), false));
        assertThat(UnderObjection.on(steps, LocalDate.parse("2026-03-01"))).isEmpty();
        assertThat(UnderObjection.on(steps, LocalDate.parse("2026-03-02"))).containsExactly("e1");
        assertThat(UnderObjection.on(steps, LocalDate.parse("2026-03-09"))).containsExactlyInAnyOrder("e1", "e2");
        assertThat(UnderObjection.on(steps, LocalDate.parse("2026-03-10"))).containsExactly("e2");
    }
}

package cn.jiyuan.integrity.rules.objections;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each step of an objection knows its name in the history and the words its author gave (API.md history[]). */
class ObjectionEventTest {

    private static final Instant AT = Instant.parse("2026-03-02T02:00:00Z");
    private static final LocalDate DUE = LocalDate.of(2026, 3, 9);

    @Test
    void everyStepNamesItselfAsTheHistoryShowsItWithItsAuthorsWords() {
        List<ObjectionEvent> steps = List.of(
                new ObjectionEvent.Filed("o", "e", "KJZ", "4.1", "JGW", "不属实", DUE, "kjz", "KJZ", AT),
                new ObjectionEvent.FoundNotTrue("o", "经核查", "jgw", "JGW", AT),
                new ObjectionEvent.RemedyProposed("o", CorrectionKind.DELETE, null, "应删除", "jgw", "JGW", AT),
                new ObjectionEvent.RemedyApproved(
                        "o", "同意", new Correction("x", "e", "KJZ", CorrectionKind.DELETE, null, AT), "xyb", "XYB", AT),
                new ObjectionEvent.RemedyReturned("o", "补充材料", DUE, "xyb", "XYB", AT),
                new ObjectionEvent.Overdue("o", DUE, "system", "XYB", AT));

        assertThat(steps)
                .extracting(ObjectionEvent::step)
                .containsExactly(
                        "FILED", "FOUND_NOT_TRUE", "REMEDY_PROPOSED", "REMEDY_APPROVED", "REMEDY_RETURNED", "OVERDUE");
        assertThat(steps).extracting(ObjectionEvent::text).containsExactly("不属实", "经核查", "应删除", "同意", "补充材料", null);
    }
}

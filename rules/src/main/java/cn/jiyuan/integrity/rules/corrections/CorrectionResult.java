package cn.jiyuan.integrity.rules.corrections;

import cn.jiyuan.integrity.rules.objections.Rejection;
import java.util.List;

/** The result of deciding a correction command: the events it causes, or why it was refused. */
public record CorrectionResult(List<CorrectionEvent> events, Rejection rejection) {

    public CorrectionResult {
        events = List.copyOf(events);
    }

    static CorrectionResult accepted(CorrectionEvent... events) {
        return new CorrectionResult(List.of(events), null);
    }

    static CorrectionResult rejected(Rejection rejection) {
        return new CorrectionResult(List.of(), rejection);
    }

    public boolean isRejected() {
        return rejection != null;
    }
}

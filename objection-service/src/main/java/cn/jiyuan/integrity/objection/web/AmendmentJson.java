package cn.jiyuan.integrity.objection.web;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.support.web.Json;
import java.math.BigDecimal;
import java.time.LocalDate;

/** The {@code amendment} of a remedy or a correction request (API.md): outcome, points, occurredOn, period. */
final class AmendmentJson {

    private AmendmentJson() {}

    /** The amendment in {@code body}, or null when absent or incomplete (the reader has recorded why). */
    static Amendment read(Json.Reader body) {
        Json.Reader a = body.object("amendment", "outcome", "points", "occurredOn", "period");
        if (a == null) {
            return null;
        }
        String outcome = a.text("outcome", true, 64);
        BigDecimal points = a.decimal("points");
        LocalDate occurredOn = a.date("occurredOn", true);
        String period = a.text("period", false, 16);
        return outcome == null || occurredOn == null ? null : new Amendment(outcome, points, occurredOn, period);
    }
}

package cn.jiyuan.integrity.objection.web;

import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.objections.ObjectionDecider;
import cn.jiyuan.integrity.rules.objections.ReviewDecision;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.rules.validation.Violation;
import cn.jiyuan.integrity.support.refusals.Refusal;
import cn.jiyuan.integrity.support.web.Json;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What the objection and correction endpoints read alike (API.md): an amendment, a review, the list filters. */
final class RemedyJson {

    /** The credit office's review of a remedy or a correction request. */
    record Review(ReviewDecision decision, String comment) {}

    private RemedyJson() {}

    /** The amendment in {@code body}, or null when absent or incomplete (the reader has recorded why). */
    static Amendment amendment(Json.Reader body) {
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

    /** {@code {"decision": "APPROVE" | "RETURN", "comment"}}; a 400 naming the fields otherwise. */
    static Review review(JsonNode body) {
        List<Violation> violations = new ArrayList<>();
        Json.Reader json = Json.read(body, violations, "decision", "comment");
        ReviewDecision decision = json.oneOf("decision", true, ReviewDecision.class);
        String comment = json.freeText("comment", false, ObjectionDecider.MAX_TEXT_LENGTH);
        if (!violations.isEmpty()) {
            throw Refusal.invalid(violations);
        }
        return new Review(decision, comment);
    }

    /** The ids a list is filtered by, of the shape they have, before they reach a query. */
    static void filters(String unitId, String providerOrg, List<Violation> violations) {
        if (unitId != null && !FactValidator.isUnitId(unitId)) {
            violations.add(new Violation("unitId", "must be 1–64 letters, digits, '-' or '_'"));
        }
        if (providerOrg != null && !FactValidator.isUnitId(providerOrg)) {
            violations.add(new Violation("providerOrg", "must be an organisation code"));
        }
    }
}

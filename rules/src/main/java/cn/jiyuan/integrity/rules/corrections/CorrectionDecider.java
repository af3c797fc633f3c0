package cn.jiyuan.integrity.rules.corrections;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.objections.ObjectionDecider;
import cn.jiyuan.integrity.rules.objections.Rejection;
import cn.jiyuan.integrity.rules.objections.Rejection.Kind;
import cn.jiyuan.integrity.rules.objections.ReviewDecision;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.rules.validation.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides correction commands (SCORING.md §7.5): a provider asks to delete or amend one of its own facts and the credit
 * office reviews the request exactly like a remedy (approve, or return with a comment); the credit office corrects
 * any fact itself with a stated reason, which applies at once. Either way the result is a {@link Correction}, applied
 * from its recordedAt on like an approved remedy (§7.3).
 */
public final class CorrectionDecider {

    private final Rights rights;
    private final FactValidator validator;

    public CorrectionDecider(Rights rights, FactValidator validator) {
        this.rights = rights;
        this.validator = validator;
    }

    /** {@code state} is null for a request not made yet. */
    public CorrectionResult decide(CorrectionRequest state, CorrectionCommand command) {
        if (command instanceof CorrectionCommand.Request r) {
            return request(state, r);
        }
        if (state == null) {
            return CorrectionResult.rejected(Rejection.of(Kind.NOT_FOUND, "no such correction"));
        }
        if (command instanceof CorrectionCommand.Review r) {
            return review(state, r);
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private CorrectionResult request(CorrectionRequest state, CorrectionCommand.Request r) {
        if (state != null) {
            return CorrectionResult.rejected(Rejection.of(Kind.CONFLICT, "correction " + r.correctionId() + " exists"));
        }
        List<Violation> violations = new ArrayList<>();
        if (r.eventId() == null || r.eventId().isBlank()) {
            violations.add(new Violation("eventId", "is required"));
        }
        if (r.remedy() == null) {
            violations.add(new Violation("remedy", "is required: DELETE or AMEND"));
        } else if (r.remedy() == CorrectionKind.DELETE && r.amendment() != null) {
            violations.add(new Violation("amendment", "must be absent for DELETE"));
        } else if (r.remedy() == CorrectionKind.AMEND && r.amendment() == null) {
            violations.add(new Violation("amendment", "is required for AMEND"));
        } else if (r.remedy() == CorrectionKind.AMEND && r.fact() != null) {
            violations.addAll(validator.validateAmendment(
                    r.fact().indicator(), r.amendment(), ChinaTime.dateOf(r.at()), "amendment"));
        }
        if (r.explanation() == null || r.explanation().isBlank()) {
            violations.add(new Violation("explanation", "is required: why the fact is corrected"));
        } else if (r.explanation().codePointCount(0, r.explanation().length()) > ObjectionDecider.MAX_TEXT_LENGTH) {
            violations.add(new Violation(
                    "explanation", "must be at most " + ObjectionDecider.MAX_TEXT_LENGTH + " characters"));
        }
        if (!violations.isEmpty()) {
            return CorrectionResult.rejected(Rejection.invalid(violations));
        }
        if (r.fact() == null) {
            return CorrectionResult.rejected(Rejection.of(Kind.NOT_FOUND, "no fact " + r.eventId() + " is known"));
        }
        boolean exOfficio = rights.correctsExOfficio(r.caller());
        if (!exOfficio) {
            Decision allowed = rights.requestCorrection(
                    r.caller(), r.fact().providerOrg(), r.fact().indicator());
            if (allowed.denied()) {
                return CorrectionResult.rejected(Rejection.of(Kind.FORBIDDEN, allowed.reason()));
            }
        }
        if (r.fact().retracted()) {
            return CorrectionResult.rejected(
                    Rejection.of(Kind.CONFLICT, "fact " + r.eventId() + " has already been retracted"));
        }
        if (r.openRemedyExists()) {
            return CorrectionResult.rejected(Rejection.of(
                    Kind.CONFLICT, "an objection or a correction request on fact " + r.eventId() + " is still open"));
        }
        String by = r.caller().subject();
        String org = r.caller().org();
        CorrectionEvent.Requested requested = new CorrectionEvent.Requested(
                r.correctionId(),
                r.eventId(),
                r.fact().unitId(),
                r.fact().indicator(),
                r.fact().providerOrg(),
                r.remedy(),
                r.remedy() == CorrectionKind.AMEND ? r.amendment() : null,
                r.explanation(),
                exOfficio,
                by,
                org,
                r.at());
        if (!exOfficio) {
            return CorrectionResult.accepted(requested);
        }
        return CorrectionResult.accepted(
                requested, applied(CorrectionRequest.evolve(null, requested), null, by, org, r));
    }

    private CorrectionResult review(CorrectionRequest state, CorrectionCommand.Review r) {
        Decision allowed = rights.reviewObjection(r.caller());
        if (allowed.denied()) {
            return CorrectionResult.rejected(Rejection.of(Kind.FORBIDDEN, allowed.reason()));
        }
        List<Violation> violations = new ArrayList<>();
        if (r.decision() == null) {
            violations.add(new Violation("decision", "is required: APPROVE or RETURN"));
        } else if (r.decision() == ReviewDecision.RETURN
                && (r.comment() == null || r.comment().isBlank())) {
            violations.add(new Violation("comment", "is required"));
        }
        if (r.comment() != null
                && r.comment().codePointCount(0, r.comment().length()) > ObjectionDecider.MAX_TEXT_LENGTH) {
            violations.add(
                    new Violation("comment", "must be at most " + ObjectionDecider.MAX_TEXT_LENGTH + " characters"));
        }
        if (!violations.isEmpty()) {
            return CorrectionResult.rejected(Rejection.invalid(violations));
        }
        if (!state.open()) {
            return CorrectionResult.rejected(Rejection.of(
                    Kind.CONFLICT, "correction is " + state.status() + ", not awaiting the credit office's review"));
        }
        String by = r.caller().subject();
        String org = r.caller().org();
        if (r.decision() == ReviewDecision.RETURN) {
            return CorrectionResult.accepted(
                    new CorrectionEvent.Returned(state.correctionId(), r.comment(), by, org, r.at()));
        }
        return CorrectionResult.accepted(applied(state, r.comment(), by, org, r));
    }

    private static CorrectionEvent.Applied applied(
            CorrectionRequest state, String comment, String by, String org, CorrectionCommand command) {
        Correction correction = new Correction(
                state.correctionId(),
                state.eventId(),
                state.unitId(),
                state.remedy(),
                state.remedy() == CorrectionKind.AMEND ? state.amendment() : null,
                command.at());
        return new CorrectionEvent.Applied(state.correctionId(), comment, correction, by, org, command.at());
    }
}

package cn.jiyuan.integrity.rules.objections;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.objections.Rejection.Kind;
import cn.jiyuan.integrity.rules.rights.Decision;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import cn.jiyuan.integrity.rules.validation.Violation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Decides objection commands (第十四条; SCORING.md §7; API.md): which events happen, or why not. */
public final class ObjectionDecider {

    public static final int MAX_TEXT_LENGTH = 4000;

    private final Rights rights;
    private final WorkdayCalendar calendar;
    private final FactValidator validator;

    public ObjectionDecider(Rights rights, WorkdayCalendar calendar, FactValidator validator) {
        this.rights = rights;
        this.calendar = calendar;
        this.validator = validator;
    }

    /** {@code state} is null for a command on an objection that does not exist yet. */
    public CommandResult decide(Objection state, ObjectionCommand command) {
        if (command instanceof ObjectionCommand.File f) {
            return file(state, f);
        }
        if (state == null) {
            return CommandResult.rejected(Rejection.of(Kind.NOT_FOUND, "no such objection"));
        }
        if (command instanceof ObjectionCommand.Decide d) {
            return decide(state, d);
        }
        if (command instanceof ObjectionCommand.Review r) {
            return review(state, r);
        }
        if (command instanceof ObjectionCommand.CheckOverdue c) {
            return checkOverdue(state, c);
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    private CommandResult file(Objection state, ObjectionCommand.File f) {
        if (state != null) {
            return CommandResult.rejected(Rejection.of(Kind.CONFLICT, "objection " + f.objectionId() + " exists"));
        }
        List<Violation> violations = new ArrayList<>();
        if (f.eventId() == null || f.eventId().isBlank()) {
            violations.add(new Violation("eventId", "is required"));
        }
        requireText(f.reason(), "reason", violations);
        if (!violations.isEmpty()) {
            return CommandResult.rejected(Rejection.invalid(violations));
        }
        if (f.fact() == null) {
            return CommandResult.rejected(Rejection.of(Kind.NOT_FOUND, "no fact " + f.eventId() + " is known"));
        }
        Decision allowed = rights.fileObjection(f.caller(), f.fact().unitId());
        if (allowed.denied()) {
            return CommandResult.rejected(Rejection.of(Kind.FORBIDDEN, allowed.reason()));
        }
        if (f.fact().retracted()) {
            return CommandResult.rejected(
                    Rejection.of(Kind.CONFLICT, "fact " + f.eventId() + " has already been retracted"));
        }
        if (f.openObjectionExists()) {
            return CommandResult.rejected(
                    Rejection.of(Kind.CONFLICT, "an objection to fact " + f.eventId() + " is already open"));
        }
        LocalDate dueOn = calendar.objectionDueOn(ChinaTime.dateOf(f.at()));
        return CommandResult.accepted(new ObjectionEvent.Filed(
                f.objectionId(),
                f.eventId(),
                f.fact().unitId(),
                f.fact().indicator(),
                f.fact().providerOrg(),
                f.reason(),
                dueOn,
                f.caller().subject(),
                f.caller().org(),
                f.at()));
    }

    private CommandResult decide(Objection state, ObjectionCommand.Decide d) {
        Decision allowed = rights.decideObjection(d.caller(), state.providerOrg(), state.indicator());
        if (allowed.denied()) {
            return CommandResult.rejected(Rejection.of(Kind.FORBIDDEN, allowed.reason()));
        }
        List<Violation> violations = new ArrayList<>();
        if (d.finding() == null) {
            violations.add(new Violation("finding", "is required: NOT_TRUE or TRUE"));
        } else if (d.finding() == Finding.NOT_TRUE) {
            if (d.remedy() != null) {
                violations.add(new Violation("remedy", "must be absent when the finding is NOT_TRUE"));
            }
            if (d.amendment() != null) {
                violations.add(new Violation("amendment", "must be absent when the finding is NOT_TRUE"));
            }
        } else if (d.remedy() == null) {
            violations.add(new Violation("remedy", "is required when the finding is TRUE: DELETE or AMEND"));
        } else if (d.remedy() == CorrectionKind.DELETE && d.amendment() != null) {
            violations.add(new Violation("amendment", "must be absent for DELETE"));
        } else if (d.remedy() == CorrectionKind.AMEND) {
            if (d.amendment() == null) {
                violations.add(new Violation("amendment", "is required for AMEND"));
            } else {
                violations.addAll(validator.validateAmendment(
                        state.indicator(), d.amendment(), ChinaTime.dateOf(d.at()), "amendment"));
            }
        }
        optionalText(d.explanation(), "explanation", violations);
        if (!violations.isEmpty()) {
            return CommandResult.rejected(Rejection.invalid(violations));
        }
        if (state.status() != ObjectionStatus.AWAITING_PROVIDER) {
            return CommandResult.rejected(Rejection.of(
                    Kind.CONFLICT, "objection is " + state.status() + ", not awaiting the provider's decision"));
        }
        String by = d.caller().subject();
        String org = d.caller().org();
        if (d.finding() == Finding.NOT_TRUE) {
            return CommandResult.accepted(
                    new ObjectionEvent.FoundNotTrue(state.objectionId(), d.explanation(), by, org, d.at()));
        }
        return CommandResult.accepted(new ObjectionEvent.RemedyProposed(
                state.objectionId(), d.remedy(), d.amendment(), d.explanation(), by, org, d.at()));
    }

    private CommandResult review(Objection state, ObjectionCommand.Review r) {
        Decision allowed = rights.reviewObjection(r.caller());
        if (allowed.denied()) {
            return CommandResult.rejected(Rejection.of(Kind.FORBIDDEN, allowed.reason()));
        }
        List<Violation> violations = new ArrayList<>();
        if (r.decision() == null) {
            violations.add(new Violation("decision", "is required: APPROVE or RETURN"));
        } else if (r.decision() == ReviewDecision.RETURN) {
            requireText(r.comment(), "comment", violations);
        } else {
            optionalText(r.comment(), "comment", violations);
        }
        if (!violations.isEmpty()) {
            return CommandResult.rejected(Rejection.invalid(violations));
        }
        if (state.status() != ObjectionStatus.AWAITING_REVIEW) {
            return CommandResult.rejected(Rejection.of(
                    Kind.CONFLICT, "objection is " + state.status() + ", not awaiting the credit office's review"));
        }
        String by = r.caller().subject();
        String org = r.caller().org();
        if (r.decision() == ReviewDecision.RETURN) {
            LocalDate dueOn = calendar.objectionDueOn(ChinaTime.dateOf(r.at()));
            return CommandResult.accepted(
                    new ObjectionEvent.RemedyReturned(state.objectionId(), r.comment(), dueOn, by, org, r.at()));
        }
        Correction correction = new Correction(
                state.objectionId(),
                state.eventId(),
                state.unitId(),
                state.proposedRemedy(),
                state.proposedRemedy() == CorrectionKind.AMEND ? state.proposedAmendment() : null,
                r.at());
        return CommandResult.accepted(
                new ObjectionEvent.RemedyApproved(state.objectionId(), r.comment(), correction, by, org, r.at()));
    }

    /** Overdue once the provider has let the whole fifth working day pass without a decision; flagged once. */
    private CommandResult checkOverdue(Objection state, ObjectionCommand.CheckOverdue c) {
        LocalDate today = ChinaTime.dateOf(c.at());
        if (state.status() != ObjectionStatus.AWAITING_PROVIDER || state.overdue() || !today.isAfter(state.dueOn())) {
            return CommandResult.accepted();
        }
        return CommandResult.accepted(new ObjectionEvent.Overdue(
                state.objectionId(),
                state.dueOn(),
                c.caller().subject(),
                c.caller().org(),
                c.at()));
    }

    private static void requireText(String text, String field, List<Violation> violations) {
        if (text == null || text.isBlank()) {
            violations.add(new Violation(field, "is required"));
        } else {
            optionalText(text, field, violations);
        }
    }

    private static void optionalText(String text, String field, List<Violation> violations) {
        if (text != null && text.codePointCount(0, text.length()) > MAX_TEXT_LENGTH) {
            violations.add(new Violation(field, "must be at most " + MAX_TEXT_LENGTH + " characters"));
        }
    }
}

package cn.jiyuan.integrity.rules.objections;

import static cn.jiyuan.integrity.rules.Facts.chinaMorning;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.objections.Rejection.Kind;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.rights.Role;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ObjectionDeciderTest {

    private static final Caller UNIT = new Caller("u1", "FGTJJ", Set.of(Role.UNIT));
    private static final Caller PROVIDER = new Caller("p1", "JGW", Set.of(Role.PROVIDER));
    private static final Caller OTHER_PROVIDER = new Caller("p2", "SFJ", Set.of(Role.PROVIDER));
    private static final Caller CREDIT_OFFICE = new Caller("c1", "XYB", Set.of(Role.CREDIT_OFFICE));
    private static final Caller SYSTEM = new Caller("objection-service", "XYB", Set.of(Role.OPERATOR));
    private static final DisputedFact FACT = new DisputedFact("e-1", "FGTJJ", "4.1", "JGW", false);

    private final ObjectionDecider decider = new ObjectionDecider(
            new Rights(Catalogs.standard().inForce(LocalDate.of(2025, 9, 26))),
            WorkdayCalendar.standard(),
            FactValidator.standard());

    /** Decides, requires acceptance, and evolves the state with the events. */
    private Objection apply(Objection state, ObjectionCommand command) {
        CommandResult result = decider.decide(state, command);
        assertThat(result.rejection()).isNull();
        Objection s = state;
        for (ObjectionEvent e : result.events()) {
            s = Objection.evolve(s, e);
        }
        return s;
    }

    private Objection filedOn(String date) {
        return apply(null, new ObjectionCommand.File("o-1", "e-1", FACT, false, "不属实", UNIT, chinaMorning(date)));
    }

    private static ObjectionCommand.Decide decision(
            Finding finding, CorrectionKind remedy, Amendment amendment, Caller by, Instant at) {
        return new ObjectionCommand.Decide(finding, remedy, amendment, "经核查", by, at);
    }

    @Test
    void filingAwaitsTheProviderForFiveWorkingDaysAcrossNationalDay() {
        Objection o = filedOn("2025-09-26");
        assertThat(o.status()).isEqualTo(ObjectionStatus.AWAITING_PROVIDER);
        assertThat(o.dueOn()).isEqualTo(LocalDate.of(2025, 10, 10));
        assertThat(o.providerOrg()).isEqualTo("JGW");
    }

    @Test
    void notTrueClosesTheObjection() {
        Objection o = apply(
                filedOn("2025-09-26"), decision(Finding.NOT_TRUE, null, null, PROVIDER, chinaMorning("2025-09-29")));
        assertThat(o.status()).isEqualTo(ObjectionStatus.CLOSED_NOT_TRUE);
    }

    @Test
    void anApprovedDeletionBecomesACorrectionRecordedAtTheApproval() {
        Objection o = apply(
                filedOn("2025-09-26"),
                decision(Finding.TRUE, CorrectionKind.DELETE, null, PROVIDER, chinaMorning("2025-09-29")));
        assertThat(o.status()).isEqualTo(ObjectionStatus.AWAITING_REVIEW);
        CommandResult approved = decider.decide(
                o,
                new ObjectionCommand.Review(ReviewDecision.APPROVE, "同意", CREDIT_OFFICE, chinaMorning("2025-09-30")));
        assertThat(approved.events()).singleElement().isInstanceOfSatisfying(ObjectionEvent.RemedyApproved.class, a -> {
            assertThat(a.correction().kind()).isEqualTo(CorrectionKind.DELETE);
            assertThat(a.correction().eventId()).isEqualTo("e-1");
            assertThat(a.correction().recordedAt()).isEqualTo(chinaMorning("2025-09-30"));
            assertThat(a.by()).isEqualTo("c1");
        });
        assertThat(Objection.evolve(o, approved.events().get(0)).status()).isEqualTo(ObjectionStatus.CLOSED_CORRECTED);
    }

    @Test
    void anApprovedAmendmentCarriesTheNewContent() {
        Amendment amendment = new Amendment("TALK_OR_CRITICISM", null, LocalDate.of(2025, 9, 1));
        Objection o = apply(
                filedOn("2025-09-26"),
                decision(Finding.TRUE, CorrectionKind.AMEND, amendment, PROVIDER, chinaMorning("2025-09-29")));
        CommandResult approved = decider.decide(
                o,
                new ObjectionCommand.Review(ReviewDecision.APPROVE, null, CREDIT_OFFICE, chinaMorning("2025-09-30")));
        assertThat(((ObjectionEvent.RemedyApproved) approved.events().get(0))
                        .correction()
                        .amendment())
                .isEqualTo(amendment);
    }

    @Test
    void aReturnedRemedyGoesBackToTheProviderWithAFreshDeadline() {
        Objection proposed = apply(
                filedOn("2025-09-26"),
                decision(Finding.TRUE, CorrectionKind.DELETE, null, PROVIDER, chinaMorning("2025-09-29")));
        Objection returned = apply(
                proposed,
                new ObjectionCommand.Review(ReviewDecision.RETURN, "证据不足", CREDIT_OFFICE, chinaMorning("2025-10-09")));
        assertThat(returned.status()).isEqualTo(ObjectionStatus.AWAITING_PROVIDER);
        assertThat(returned.dueOn()).isEqualTo(LocalDate.of(2025, 10, 15)); // Sat 10-11 is a make-up working day
        assertThat(returned.proposedRemedy()).isNull();
    }

    @Test
    void overdueFromTheSixthWorkingDayAndFlaggedOnce() {
        Objection o = filedOn("2025-09-26");
        ObjectionCommand onDueDay = new ObjectionCommand.CheckOverdue(SYSTEM, Instant.parse("2025-10-10T15:59:59Z"));
        assertThat(decider.decide(o, onDueDay).events()).isEmpty();
        ObjectionCommand nextDay = new ObjectionCommand.CheckOverdue(SYSTEM, Instant.parse("2025-10-10T16:00:00Z"));
        CommandResult flagged = decider.decide(o, nextDay);
        assertThat(flagged.events()).singleElement().isInstanceOf(ObjectionEvent.Overdue.class);
        Objection overdue = Objection.evolve(o, flagged.events().get(0));
        assertThat(overdue.overdue()).isTrue();
        assertThat(overdue.status()).isEqualTo(ObjectionStatus.AWAITING_PROVIDER);
        assertThat(decider.decide(overdue, nextDay).events()).isEmpty();
        // Still awaiting the provider, who may decide late.
        assertThat(apply(overdue, decision(Finding.NOT_TRUE, null, null, PROVIDER, chinaMorning("2025-10-13")))
                        .status())
                .isEqualTo(ObjectionStatus.CLOSED_NOT_TRUE);
    }

    @Test
    void aDecidedObjectionIsNeverOverdue() {
        Objection o = apply(
                filedOn("2025-09-26"),
                decision(Finding.TRUE, CorrectionKind.DELETE, null, PROVIDER, chinaMorning("2025-09-29")));
        assertThat(decider.decide(o, new ObjectionCommand.CheckOverdue(SYSTEM, chinaMorning("2025-11-01")))
                        .events())
                .isEmpty();
    }

    @Test
    void refusals() {
        Instant at = chinaMorning("2025-09-26");
        assertThat(kind(null, new ObjectionCommand.File("o", "e-9", null, false, "r", UNIT, at)))
                .isEqualTo(Kind.NOT_FOUND);
        assertThat(kind(
                        null,
                        new ObjectionCommand.File(
                                "o", "e-1", FACT, false, "r", new Caller("x", "SFJ", Set.of(Role.UNIT)), at)))
                .isEqualTo(Kind.FORBIDDEN);
        assertThat(kind(null, new ObjectionCommand.File("o", "e-1", FACT, true, "r", UNIT, at)))
                .isEqualTo(Kind.CONFLICT);
        assertThat(kind(
                        null,
                        new ObjectionCommand.File(
                                "o",
                                "e-1",
                                new DisputedFact("e-1", "FGTJJ", "4.1", "JGW", true),
                                false,
                                "r",
                                UNIT,
                                at)))
                .isEqualTo(Kind.CONFLICT);
        assertThat(kind(null, new ObjectionCommand.File("o", "e-1", FACT, false, " ", UNIT, at)))
                .isEqualTo(Kind.INVALID);

        Objection o = filedOn("2025-09-26");
        assertThat(kind(o, decision(Finding.NOT_TRUE, null, null, OTHER_PROVIDER, at)))
                .isEqualTo(Kind.FORBIDDEN);
        assertThat(kind(o, decision(Finding.TRUE, null, null, PROVIDER, at))).isEqualTo(Kind.INVALID);
        assertThat(kind(o, decision(Finding.TRUE, CorrectionKind.AMEND, null, PROVIDER, at)))
                .isEqualTo(Kind.INVALID);
        assertThat(kind(o, decision(Finding.NOT_TRUE, CorrectionKind.DELETE, null, PROVIDER, at)))
                .isEqualTo(Kind.INVALID);
        assertThat(kind(
                        o,
                        decision(
                                Finding.TRUE,
                                CorrectionKind.AMEND,
                                new Amendment("HEAVY_DISCIPLINE", BigDecimal.ONE, LocalDate.of(2025, 9, 1)),
                                PROVIDER,
                                at)))
                .isEqualTo(Kind.INVALID);
        assertThat(kind(o, new ObjectionCommand.Review(ReviewDecision.APPROVE, null, CREDIT_OFFICE, at)))
                .isEqualTo(Kind.CONFLICT);
        assertThat(kind(o, new ObjectionCommand.Review(ReviewDecision.APPROVE, null, PROVIDER, at)))
                .isEqualTo(Kind.FORBIDDEN);
        Objection proposed = apply(o, decision(Finding.TRUE, CorrectionKind.DELETE, null, PROVIDER, at));
        assertThat(kind(proposed, decision(Finding.NOT_TRUE, null, null, PROVIDER, at)))
                .isEqualTo(Kind.CONFLICT);
        assertThat(kind(proposed, new ObjectionCommand.Review(ReviewDecision.RETURN, null, CREDIT_OFFICE, at)))
                .isEqualTo(Kind.INVALID);
        assertThat(kind(null, new ObjectionCommand.Review(ReviewDecision.APPROVE, null, CREDIT_OFFICE, at)))
                .isEqualTo(Kind.NOT_FOUND);
    }

    private Kind kind(Objection state, ObjectionCommand command) {
        CommandResult result = decider.decide(state, command);
        assertThat(result.events()).isEmpty();
        return result.rejection() == null ? null : result.rejection().kind();
    }
}

package cn.jiyuan.integrity.rules.corrections;

import static cn.jiyuan.integrity.rules.Facts.chinaMorning;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.objections.DisputedFact;
import cn.jiyuan.integrity.rules.objections.Rejection;
import cn.jiyuan.integrity.rules.objections.ReviewDecision;
import cn.jiyuan.integrity.rules.rights.Caller;
import cn.jiyuan.integrity.rules.rights.Rights;
import cn.jiyuan.integrity.rules.rights.Role;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SCORING.md §7.5: corrections without an objection. */
class CorrectionDeciderTest {

    private static final Caller PROVIDER = new Caller("p1", "JGW", Set.of(Role.PROVIDER));
    private static final Caller OTHER_PROVIDER = new Caller("p2", "SFJ", Set.of(Role.PROVIDER));
    private static final Caller UNIT = new Caller("u1", "FGTJJ", Set.of(Role.UNIT));
    private static final Caller CREDIT_OFFICE = new Caller("c1", "XYB", Set.of(Role.CREDIT_OFFICE));
    private static final DisputedFact FACT = new DisputedFact("e-1", "FGTJJ", "4.1", "JGW", false);
    private static final Instant AT = chinaMorning("2026-03-02");

    private final CorrectionDecider decider = new CorrectionDecider(
            new Rights(Catalogs.standard().inForce(LocalDate.of(2026, 3, 2))), FactValidator.standard());

    private static CorrectionCommand.Request request(Caller by, CorrectionKind remedy, Amendment amendment) {
        return new CorrectionCommand.Request("c-1", "e-1", FACT, false, remedy, amendment, "文号有误", by, AT);
    }

    private CorrectionRequest apply(CorrectionRequest state, CorrectionCommand command) {
        CorrectionResult result = decider.decide(state, command);
        assertThat(result.rejection()).isNull();
        CorrectionRequest s = state;
        for (CorrectionEvent e : result.events()) {
            s = CorrectionRequest.evolve(s, e);
        }
        return s;
    }

    private Rejection.Kind refusal(CorrectionRequest state, CorrectionCommand command) {
        CorrectionResult result = decider.decide(state, command);
        assertThat(result.events()).isEmpty();
        return result.rejection().kind();
    }

    @Test
    void aProvidersRequestAwaitsTheCreditOfficeWhichApprovesItAsACorrection() {
        CorrectionRequest requested = apply(null, request(PROVIDER, CorrectionKind.DELETE, null));
        assertThat(requested.status()).isEqualTo(CorrectionStatus.AWAITING_REVIEW);
        assertThat(requested.exOfficio()).isFalse();

        Instant reviewed = chinaMorning("2026-03-05");
        CorrectionResult approved = decider.decide(
                requested, new CorrectionCommand.Review(ReviewDecision.APPROVE, null, CREDIT_OFFICE, reviewed));
        assertThat(approved.events()).singleElement().isInstanceOfSatisfying(CorrectionEvent.Applied.class, a -> {
            assertThat(a.correction().kind()).isEqualTo(CorrectionKind.DELETE);
            assertThat(a.correction().eventId()).isEqualTo("e-1");
            assertThat(a.correction().recordedAt()).isEqualTo(reviewed); // applies from the approval on (§7.3)
        });
        assertThat(CorrectionRequest.evolve(requested, approved.events().get(0)).status())
                .isEqualTo(CorrectionStatus.APPLIED);
    }

    @Test
    void aReturnedRequestIsClosedWithTheComment() {
        CorrectionRequest requested = apply(null, request(PROVIDER, CorrectionKind.DELETE, null));
        assertThat(refusal(requested, new CorrectionCommand.Review(ReviewDecision.RETURN, " ", CREDIT_OFFICE, AT)))
                .isEqualTo(Rejection.Kind.INVALID);
        CorrectionRequest returned =
                apply(requested, new CorrectionCommand.Review(ReviewDecision.RETURN, "请补充依据", CREDIT_OFFICE, AT));
        assertThat(returned.status()).isEqualTo(CorrectionStatus.RETURNED);
        assertThat(refusal(returned, new CorrectionCommand.Review(ReviewDecision.APPROVE, null, CREDIT_OFFICE, AT)))
                .isEqualTo(Rejection.Kind.CONFLICT);
    }

    @Test
    void theCreditOfficeCorrectsAnyFactItselfAtOnce() {
        Amendment lighter = new Amendment("TALK_OR_CRITICISM", null, LocalDate.of(2026, 2, 1));
        CorrectionResult result = decider.decide(null, request(CREDIT_OFFICE, CorrectionKind.AMEND, lighter));
        assertThat(result.events()).hasSize(2);
        assertThat(result.events().get(0))
                .isInstanceOfSatisfying(
                        CorrectionEvent.Requested.class,
                        r -> assertThat(r.exOfficio()).isTrue());
        assertThat(result.events().get(1)).isInstanceOfSatisfying(CorrectionEvent.Applied.class, a -> {
            assertThat(a.correction().kind()).isEqualTo(CorrectionKind.AMEND);
            assertThat(a.correction().amendment()).isEqualTo(lighter);
            assertThat(a.correction().recordedAt()).isEqualTo(AT);
        });
    }

    @Test
    void onlyTheFactsProviderAsksAndOnlyTheCreditOfficeReviews() {
        assertThat(refusal(null, request(OTHER_PROVIDER, CorrectionKind.DELETE, null)))
                .isEqualTo(Rejection.Kind.FORBIDDEN);
        assertThat(refusal(null, request(UNIT, CorrectionKind.DELETE, null))).isEqualTo(Rejection.Kind.FORBIDDEN);
        CorrectionRequest requested = apply(null, request(PROVIDER, CorrectionKind.DELETE, null));
        assertThat(refusal(requested, new CorrectionCommand.Review(ReviewDecision.APPROVE, null, PROVIDER, AT)))
                .isEqualTo(Rejection.Kind.FORBIDDEN);
    }

    @Test
    void aRequestNeedsAReasonAValidAmendmentAFactAndNoOtherOpenRemedy() {
        assertThat(refusal(
                        null,
                        new CorrectionCommand.Request(
                                "c-1", "e-1", FACT, false, CorrectionKind.DELETE, null, " ", PROVIDER, AT)))
                .isEqualTo(Rejection.Kind.INVALID);
        assertThat(refusal(null, request(PROVIDER, CorrectionKind.AMEND, null))).isEqualTo(Rejection.Kind.INVALID);
        assertThat(refusal(
                        null,
                        request(
                                PROVIDER,
                                CorrectionKind.AMEND,
                                new Amendment("NO_SUCH", null, LocalDate.of(2026, 2, 1)))))
                .isEqualTo(Rejection.Kind.INVALID);
        assertThat(refusal(
                        null,
                        new CorrectionCommand.Request(
                                "c-1", "e-9", null, false, CorrectionKind.DELETE, null, "原因", PROVIDER, AT)))
                .isEqualTo(Rejection.Kind.NOT_FOUND);
        assertThat(refusal(
                        null,
                        new CorrectionCommand.Request(
                                "c-1", "e-1", FACT, true, CorrectionKind.DELETE, null, "原因", PROVIDER, AT)))
                .isEqualTo(Rejection.Kind.CONFLICT);
        DisputedFact retracted = new DisputedFact("e-1", "FGTJJ", "4.1", "JGW", true);
        assertThat(refusal(
                        null,
                        new CorrectionCommand.Request(
                                "c-1", "e-1", retracted, false, CorrectionKind.DELETE, null, "原因", CREDIT_OFFICE, AT)))
                .isEqualTo(Rejection.Kind.CONFLICT);
    }
}

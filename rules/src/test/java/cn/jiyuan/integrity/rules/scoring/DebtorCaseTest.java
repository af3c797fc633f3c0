package cn.jiyuan.integrity.rules.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.Facts;
import cn.jiyuan.integrity.rules.RandomFacts;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebtorCaseTest {

    @Test
    void aCaseIsListedFromItsListingAndNoLongerOnceShieldedEachFromItsRecordedDate() {
        List<Fact> facts = List.of(
                new DebtorListing(
                        "l1", "(2026)豫96执1号", "KJZ", DebtorStatus.LISTED, Facts.chinaMorning("2026-03-01"), "SFY"),
                new DebtorListing(
                        "l2", "(2026)豫96执1号", "KJZ", DebtorStatus.SHIELDED, Facts.chinaMorning("2026-05-01"), "SFY"));
        assertThat(DebtorCase.knownOn(facts, LocalDate.parse("2026-02-28"))).isEmpty();
        assertThat(DebtorCase.knownOn(facts, LocalDate.parse("2026-04-01")))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.caseNumber()).isEqualTo("(2026)豫96执1号");
                    assertThat(c.providerOrg()).isEqualTo("SFY");
                    assertThat(c.listedAt()).isEqualTo(Facts.chinaMorning("2026-03-01"));
                    assertThat(c.shieldedAt()).isNull();
                    assertThat(c.listing()).isTrue();
                });
        assertThat(DebtorCase.knownOn(facts, LocalDate.parse("2026-06-30")))
                .singleElement()
                .satisfies(c -> assertThat(c.listing()).isFalse());
    }

    @Test
    void theCasesSayListedExactlyWhenTheFoldCapsTheScore() {
        RandomFacts gen = new RandomFacts(5);
        ScoreFold fold = ScoreFold.standard();
        LocalDate last = LocalDate.parse("2026-11-26");
        for (int u = 0; u < 2_000; u++) {
            List<Fact> facts = gen.unitHistory("U" + u, 5, last);
            LocalDate d = gen.date(last);
            assertThat(DebtorCase.knownOn(facts, d).stream().anyMatch(DebtorCase::listing))
                    .as("unit %d on %s", u, d)
                    .isEqualTo(fold.score("U" + u, facts, d).debtorListed());
        }
    }
}

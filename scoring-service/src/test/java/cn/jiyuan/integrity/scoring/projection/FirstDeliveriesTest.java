package cn.jiyuan.integrity.scoring.projection;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay keeps what the live table keeps of redelivered records: the first delivery of each kind and id. */
class FirstDeliveriesTest {

    private static final Instant AT = Instant.parse("2026-03-01T02:00:00Z");

    private static CreditFact credit(String id, String outcome) {
        return new CreditFact(id, "U", "4.1", outcome, null, null, LocalDate.of(2026, 2, 27), AT, "JGW");
    }

    @Test
    void theFirstDeliveryOfEachKindAndIdWinsInKeyOrder() {
        CreditFact first = credit("e1", "TALK_OR_CRITICISM");
        CreditFact redelivered = credit("e1", "OTHER_CONTENT");
        CreditFact second = credit("e2", "TALK_OR_CRITICISM");
        DebtorListing listing = new DebtorListing("e1", "(2026)豫9001执7号", "U", DebtorStatus.LISTED, AT, "SFY");
        DebtorListing listingAgain =
                new DebtorListing("e1", "(2026)豫9001执7号", "U", DebtorStatus.SHIELDED, AT.plusSeconds(60), "SFY");
        Correction deletion = new Correction("e1", "e2", "U", CorrectionKind.DELETE, null, AT);
        Correction deletionAgain = new Correction("e1", "e2", "U", CorrectionKind.DELETE, null, AT.plusSeconds(9));

        List<Fact> kept = FactKeys.firstDeliveries(
                List.of(first, listing, redelivered, second, deletion, listingAgain, deletionAgain, first));

        // the same id under another kind is another fact (unit_facts is keyed by unit, kind and id); kinds C, L, X
        assertThat(kept).containsExactly(first, second, listing, deletion);
        assertThat(kept.get(0)).isSameAs(first);
        assertThat(kept.get(2)).isSameAs(listing);
        assertThat(kept.get(3)).isSameAs(deletion);
    }
}

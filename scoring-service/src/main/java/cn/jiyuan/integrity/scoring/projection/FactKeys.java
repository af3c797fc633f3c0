package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.Fact;

/** A stored fact's identity and unit, as {@code unit_facts} keys it (kind and id, per unit). */
public final class FactKeys {

    private FactKeys() {}

    /** Kind letter (C, L, X) and id: unique per unit, the primary key of unit_facts without the unit. */
    public static String key(Fact f) {
        if (f instanceof CreditFact c) {
            return "C" + c.eventId();
        }
        if (f instanceof DebtorListing l) {
            return "L" + l.listingId();
        }
        return "X" + ((Correction) f).correctionId();
    }

    public static String unitOf(Fact f) {
        if (f instanceof CreditFact c) {
            return c.unitId();
        }
        if (f instanceof DebtorListing l) {
            return l.unitId();
        }
        return ((Correction) f).unitId();
    }
}

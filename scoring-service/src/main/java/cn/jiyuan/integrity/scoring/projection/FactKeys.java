package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.Fact;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    /**
     * The first delivery of each fact (by kind and id, as {@link #key}), in delivery order: what the live table keeps
     * of redelivered records. Compares the ids per kind instead of building a key per fact (the replay calls it for a
     * million facts).
     */
    public static List<Fact> firstDeliveries(List<Fact> delivered) {
        Set<String> credits = new HashSet<>(delivered.size() * 2);
        Set<String> listings = new HashSet<>();
        Set<String> corrections = new HashSet<>();
        List<Fact> first = new ArrayList<>(delivered.size());
        for (Fact f : delivered) {
            boolean isNew = f instanceof CreditFact c
                    ? credits.add(c.eventId())
                    : f instanceof DebtorListing l
                            ? listings.add(l.listingId())
                            : corrections.add(((Correction) f).correctionId());
            if (isNew) {
                first.add(f);
            }
        }
        return first;
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

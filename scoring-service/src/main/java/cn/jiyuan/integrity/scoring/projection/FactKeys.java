package cn.jiyuan.integrity.scoring.projection;

import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.Fact;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** A stored fact's identity and unit, as {@code unit_facts} keys it (kind and id, per unit). */
public final class FactKeys {

    private FactKeys() {}

    /** Kind letter (C, L, X) and id: unique per unit, the primary key of unit_facts without the unit. */
    public static String key(Fact f) {
        return kind(f) + id(f);
    }

    /**
     * The first delivery of each fact (by kind and id, as {@link #key}): what the live table keeps of redelivered
     * records, in the table's key order (kind, then id) — the order the replay writes them in and folds them in.
     * A stable sort, then the first of each run of equal keys: no key or set entry per fact (the replay calls it for
     * a million facts).
     */
    public static List<Fact> firstDeliveries(List<Fact> delivered) {
        Fact[] sorted = delivered.toArray(Fact[]::new);
        Arrays.sort(sorted, IN_KEY_ORDER); // stable: the first delivery stays first among equal keys
        List<Fact> first = new ArrayList<>(sorted.length);
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || IN_KEY_ORDER.compare(sorted[i - 1], sorted[i]) != 0) {
                first.add(sorted[i]);
            }
        }
        return first;
    }

    /** unit_facts' key order within a unit: kind (C, L, X), then id. */
    private static final Comparator<Fact> IN_KEY_ORDER = (a, b) -> {
        int kinds = Character.compare(kind(a), kind(b));
        return kinds != 0 ? kinds : id(a).compareTo(id(b));
    };

    private static char kind(Fact f) {
        return f instanceof CreditFact ? 'C' : f instanceof DebtorListing ? 'L' : 'X';
    }

    private static String id(Fact f) {
        if (f instanceof CreditFact c) {
            return c.eventId();
        }
        if (f instanceof DebtorListing l) {
            return l.listingId();
        }
        return ((Correction) f).correctionId();
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

package cn.jiyuan.integrity.rules.scoring;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One debtor-listing case of a unit as known on a date (第九条, SCORING.md §4.3): when the court listed it and, if it
 * did, when it shielded it — what a unit needs to see in order to object, and what keeps it capped at 79.
 *
 * @param listedAt the first LISTED record known on the date, or null (a shielding without a listing)
 * @param shieldedAt the first SHIELDED record known on the date, or null
 */
public record DebtorCase(String caseNumber, String providerOrg, Instant listedAt, Instant shieldedAt) {

    /** Whether this case keeps the unit listed: listed and not shielded (SCORING.md §4.3). */
    public boolean listing() {
        return listedAt != null && shieldedAt == null;
    }

    /** The unit's cases known on {@code date} (records recorded on or before it), by case number. */
    public static List<DebtorCase> knownOn(Collection<? extends Fact> facts, LocalDate date) {
        Map<String, DebtorCase> cases = new TreeMap<>();
        for (Fact f : facts) {
            if (!(f instanceof DebtorListing l)
                    || ChinaTime.dateOf(l.recordedAt()).isAfter(date)) {
                continue;
            }
            DebtorCase c =
                    cases.getOrDefault(l.caseNumber(), new DebtorCase(l.caseNumber(), l.providerOrg(), null, null));
            cases.put(
                    l.caseNumber(),
                    l.status() == DebtorStatus.LISTED
                            ? new DebtorCase(
                                    c.caseNumber(),
                                    c.providerOrg(),
                                    earlier(c.listedAt(), l.recordedAt()),
                                    c.shieldedAt())
                            : new DebtorCase(
                                    c.caseNumber(),
                                    c.providerOrg(),
                                    c.listedAt(),
                                    earlier(c.shieldedAt(), l.recordedAt())));
        }
        return List.copyOf(cases.values());
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}

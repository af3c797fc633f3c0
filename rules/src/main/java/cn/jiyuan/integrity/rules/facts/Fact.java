package cn.jiyuan.integrity.rules.facts;

import cn.jiyuan.integrity.rules.ChinaTime;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Something recorded about a unit. A score is a fold over a <em>set</em> of facts: {@link #id()} identifies a fact, so
 * a redelivered copy is the same fact.
 */
public sealed interface Fact permits CreditFact, DebtorListing, Correction {

    /** Identifies the fact across redeliveries (eventId, listing id, correction id). */
    String id();

    String unitId();

    /** When the platform accepted it (归集到平台之日). */
    Instant recordedAt();

    /** The China-time date of {@link #recordedAt()}: the first evaluation date that knows this fact. */
    default LocalDate recordedOn() {
        return ChinaTime.dateOf(recordedAt());
    }
}

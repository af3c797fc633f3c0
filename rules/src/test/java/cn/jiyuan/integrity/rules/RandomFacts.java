package cn.jiyuan.integrity.rules;

import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.catalog.Effect;
import cn.jiyuan.integrity.rules.catalog.EffectKind;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.catalog.Outcome;
import cn.jiyuan.integrity.rules.facts.Amendment;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Random but valid fact sets from a seed, for property tests and benchmarks: every indicator and outcome of the catalog,
 * dates from 2021 to the evaluation date, debtor listings, deletions and amendments.
 */
public final class RandomFacts {

    private static final LocalDate FIRST = LocalDate.of(2021, 1, 1);

    private final Random random;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final List<Indicator> indicatorOf = new ArrayList<>();

    public RandomFacts(long seed) {
        this.random = new Random(seed);
        Catalog catalog = Catalogs.standard().versions().get(0);
        for (Indicator i : catalog.indicators()) {
            for (Outcome o : i.outcomes().values()) {
                outcomes.add(o);
                indicatorOf.add(i);
            }
        }
    }

    public Random random() {
        return random;
    }

    /** A date between 2021-01-01 and {@code last}. */
    public LocalDate date(LocalDate last) {
        long span = last.toEpochDay() - FIRST.toEpochDay();
        return FIRST.plusDays(random.nextLong(span + 1));
    }

    public CreditFact creditFact(String unitId, LocalDate last) {
        int pick = random.nextInt(outcomes.size());
        Outcome outcome = outcomes.get(pick);
        Indicator indicator = indicatorOf.get(pick);
        LocalDate occurred = date(last);
        Instant recorded = Facts.chinaMorning(
                        occurred.plusDays(random.nextInt(20)).toString())
                .plusSeconds(random.nextInt(36_000));
        return new CreditFact(
                new UUID(random.nextLong(), random.nextLong()).toString(),
                unitId,
                indicator.code(),
                outcome.code(),
                points(indicator, outcome.effect()),
                outcome.effect().takesPeriod() ? String.valueOf(occurred.getYear()) : null,
                occurred,
                recorded,
                "XYB");
    }

    private BigDecimal points(Indicator indicator, Effect effect) {
        if (!effect.takesPoints()) {
            return null;
        }
        BigDecimal max = effect.kind() == EffectKind.ASSESS ? indicator.weight() : effect.amount();
        int hundredths = max.movePointRight(2).intValueExact();
        int min = effect.kind() == EffectKind.ASSESS ? 0 : 1;
        return BigDecimal.valueOf(min + random.nextInt(hundredths - min + 1), 2);
    }

    /** {@code n} credit facts about {@code unitId}, with a few listings and corrections mixed in. */
    public List<Fact> unitHistory(String unitId, int n, LocalDate last) {
        List<Fact> facts = new ArrayList<>(n + n / 5);
        List<CreditFact> credits = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CreditFact f = creditFact(unitId, last);
            credits.add(f);
            facts.add(f);
        }
        int extras = n / 10;
        for (int i = 0; i < extras; i++) {
            CreditFact target = credits.get(random.nextInt(credits.size()));
            Instant at = target.recordedAt().plusSeconds(86_400L * (1 + random.nextInt(60)));
            if (random.nextBoolean()) {
                facts.add(new Correction(
                        "c-" + random.nextLong(), target.eventId(), unitId, CorrectionKind.DELETE, null, at));
            } else {
                CreditFact other = creditFact(unitId, last);
                if (other.indicator().equals(target.indicator())) {
                    facts.add(new Correction(
                            "c-" + random.nextLong(),
                            target.eventId(),
                            unitId,
                            CorrectionKind.AMEND,
                            new Amendment(other.outcome(), other.points(), other.occurredOn()),
                            at));
                }
            }
        }
        if (random.nextInt(4) == 0) {
            String caseNumber = "(" + (2021 + random.nextInt(5)) + ")豫96执" + random.nextInt(999) + "号";
            LocalDate listed = date(last);
            facts.add(new DebtorListing(
                    "l-" + random.nextLong(),
                    caseNumber,
                    unitId,
                    DebtorStatus.LISTED,
                    Facts.chinaMorning(listed.toString()),
                    "SFY"));
            if (random.nextBoolean()) {
                facts.add(new DebtorListing(
                        "l-" + random.nextLong(),
                        caseNumber,
                        unitId,
                        DebtorStatus.SHIELDED,
                        Facts.chinaMorning(
                                listed.plusDays(1 + random.nextInt(400)).toString()),
                        "SFY"));
            }
        }
        return facts;
    }
}

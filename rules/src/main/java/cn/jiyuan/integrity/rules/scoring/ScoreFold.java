package cn.jiyuan.integrity.rules.scoring;

import cn.jiyuan.integrity.rules.ChinaTime;
import cn.jiyuan.integrity.rules.calendar.Window;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.catalog.Effect;
import cn.jiyuan.integrity.rules.catalog.EffectKind;
import cn.jiyuan.integrity.rules.catalog.Indicator;
import cn.jiyuan.integrity.rules.catalog.Outcome;
import cn.jiyuan.integrity.rules.facts.Correction;
import cn.jiyuan.integrity.rules.facts.CorrectionKind;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.DebtorListing;
import cn.jiyuan.integrity.rules.facts.DebtorStatus;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.validation.FactValidator;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The score of one unit on a date D (SCORING.md §4), as a pure function of the <em>set</em> of its facts and D:
 * arrival order and duplicate deliveries do not matter.
 */
public final class ScoreFold {

    /** 第九条: a listed debtor scores below 80 (80 分（不含）以下); read as a cap at 79 (SCORING.md §4.3). */
    public static final BigDecimal DEBTOR_CAP = BigDecimal.valueOf(79);

    private static final Comparator<CreditFact> LATEST_BASE = Comparator.comparing(CreditFact::occurredOn)
            .thenComparing(CreditFact::recordedAt)
            .thenComparing(CreditFact::eventId);
    private static final Comparator<FactState> BY_EVENT_ID =
            (a, b) -> a.eventId().compareTo(b.eventId());
    private static final Comparator<Correction> CORRECTION_ORDER =
            Comparator.comparing(Correction::recordedAt).thenComparing(Correction::correctionId);

    private final Catalogs catalogs;

    public ScoreFold(Catalogs catalogs) {
        this.catalogs = catalogs;
    }

    public static ScoreFold standard() {
        return new ScoreFold(Catalogs.standard());
    }

    /** The score of {@code unitId} on {@code date} from its facts, under the catalog in force on that date. */
    public UnitScore score(String unitId, Collection<? extends Fact> facts, LocalDate date) {
        return fold(unitId, facts, date, true);
    }

    /**
     * The same score without the state of each fact ({@link UnitScore#facts} empty), for a ranking of every unit: no
     * state is made for each fact and none are sorted.
     */
    public UnitScore scoreOnly(String unitId, Collection<? extends Fact> facts, LocalDate date) {
        return fold(unitId, facts, date, false);
    }

    /**
     * The first instant whose facts are not yet known on {@code date}: the start of the next day in China. A fact
     * recorded at or after it (归集到平台之日 after the date) takes no part in the date's score, whatever it is, so
     * a caller may leave such facts out before folding.
     */
    public static Instant unknownFrom(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ChinaTime.ZONE).toInstant();
    }

    /**
     * The last occurrence date of a credit fact too early to count on {@code date} (D − 3 years: the window holds only
     * those that occurred after it), whatever it is — unless a correction amends it, which may move it into the window.
     * So a caller of {@link #scoreOnly} whose credit facts have distinct eventIds may leave out unread those that
     * occurred on or before it and that no correction names (they would only have their state, which it does not give).
     */
    public static LocalDate tooEarlyUpTo(LocalDate date) {
        return Window.on(date).windowAfter();
    }

    private UnitScore fold(String unitId, Collection<? extends Fact> facts, LocalDate date, boolean withStates) {
        Catalog catalog = catalogs.inForce(date);

        // in the order given: facts given in id order (the scoring service's replay) need no reordering below
        Map<String, CreditFact> credits = new LinkedHashMap<>(facts.size() * 4 / 3 + 1);
        Map<String, List<Correction>> corrections = new HashMap<>();
        Map<String, DebtorListing> listings = new HashMap<>();
        // recordedOn() after D ⟺ recorded at or after the first instant of D + 1 in China (one zone lookup per fold)
        Instant unknownFrom = unknownFrom(date);
        Window.Bounds window = Window.on(date);
        for (Fact fact : facts) {
            if (!fact.recordedAt().isBefore(unknownFrom)) {
                continue; // not yet known on D: 归集到平台之日 is after it
            }
            // Java 17: no pattern switch yet; Fact is sealed to exactly these three.
            if (fact instanceof CreditFact c) {
                credits.merge(c.eventId(), c, ScoreFold::firstRecorded);
            } else if (fact instanceof Correction c) {
                corrections
                        .computeIfAbsent(c.eventId(), k -> new ArrayList<>(1))
                        .add(c);
            } else if (fact instanceof DebtorListing l) {
                listings.putIfAbsent(l.listingId(), l);
            }
        }

        List<Indicator> indicators = List.copyOf(catalog.indicators());
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < indicators.size(); i++) {
            position.put(indicators.get(i).code(), i);
        }
        CreditFact[] latestBase = new CreditFact[indicators.size()];
        BigDecimal[] baseValue = new BigDecimal[indicators.size()];
        boolean[] zeroed = new boolean[indicators.size()];
        BigDecimal[] sums = new BigDecimal[indicators.size()];
        Arrays.fill(sums, BigDecimal.ZERO);
        // group 7: per indicator, the bonus points per calendar year of occurrence (capped at the weight below)
        Map<Integer, BigDecimal>[] bonusByYear = newBonusMaps(indicators.size());

        List<FactState> states = withStates ? new ArrayList<>(credits.size()) : null;
        for (CreditFact original : credits.values()) {
            CreditFact fact = original;
            boolean amended = false;
            boolean retracted = false;
            List<Correction> applicable = corrections.get(original.eventId());
            if (applicable != null) {
                applicable = dedupe(applicable);
                for (Correction c : applicable) {
                    if (c.kind() == CorrectionKind.DELETE) {
                        retracted = true;
                        break;
                    }
                    Integer of = position.get(original.indicator());
                    if (of == null || !FactValidator.amendmentFits(indicators.get(of), c.amendment())) {
                        continue; // an amendment the fact's indicator cannot take is not applied
                    }
                    boolean takesPeriod = indicators
                            .get(of)
                            .outcomes()
                            .get(c.amendment().outcome())
                            .effect()
                            .takesPeriod();
                    fact = original.amendedBy(c.amendment(), takesPeriod);
                    amended = true;
                }
            }
            if (window.beyondRetention(fact.occurredOn())) {
                continue; // purged (第八条): kept nowhere, shown nowhere
            }
            if (retracted) {
                addState(states, original, FactStatus.RETRACTED, original);
                continue;
            }
            if (!window.inWindow(fact.occurredOn())) {
                addState(states, original, FactStatus.OUTSIDE_WINDOW, fact);
                continue;
            }
            Integer at = position.get(fact.indicator());
            Outcome outcome = at == null ? null : indicators.get(at).outcomes().get(fact.outcome());
            if (outcome == null) {
                addState(states, original, FactStatus.NOT_IN_CATALOG, fact);
                continue;
            }
            addState(states, original, amended ? FactStatus.AMENDED : FactStatus.COUNTED, fact);
            Effect effect = outcome.effect();
            switch (effect.kind()) {
                case CASE, PENALTY -> sums[at] = sums[at].add(effect.amount());
                case BONUS -> {
                    if (bonusByYear[at] == null) {
                        bonusByYear[at] = new HashMap<>(4);
                    }
                    bonusByYear[at].merge(fact.occurredOn().getYear(), effect.amount(), BigDecimal::add);
                }
                case DEDUCT, PENALTY_UP_TO -> sums[at] = sums[at].add(points(fact));
                case ZERO -> zeroed[at] = true;
                case ASSESS, SET -> {
                    if (latestBase[at] == null || LATEST_BASE.compare(fact, latestBase[at]) > 0) {
                        latestBase[at] = fact;
                        baseValue[at] = effect.kind() == EffectKind.ASSESS ? points(fact) : effect.amount();
                    }
                }
            }
        }
        if (states != null) {
            states.sort(BY_EVENT_ID);
        }

        List<IndicatorScore> breakdown = new ArrayList<>(indicators.size());
        BigDecimal raw = BigDecimal.ZERO;
        for (int i = 0; i < indicators.size(); i++) {
            Indicator indicator = indicators.get(i);
            BigDecimal score = switch (indicator.kind()) {
                case SCORED ->
                    zeroed[i]
                            ? BigDecimal.ZERO
                            : (baseValue[i] == null ? indicator.weight() : baseValue[i])
                                    .subtract(sums[i])
                                    .max(BigDecimal.ZERO);
                case PENALTY -> sums[i].negate();
                case BONUS -> cappedBonus(bonusByYear[i], indicator.weight());
            };
            raw = raw.add(score);
            breakdown.add(new IndicatorScore(indicator.code(), money(score), money(indicator.weight())));
        }

        boolean listed = isListed(listings.values());
        BigDecimal score = listed ? raw.min(DEBTOR_CAP) : raw;
        return new UnitScore(
                unitId,
                date,
                catalog.version(),
                money(score),
                money(raw),
                listed,
                breakdown,
                states == null ? List.of() : states);
    }

    /** The fact's state on the date, if states are asked for ({@code states} not null). */
    private static void addState(List<FactState> states, CreditFact original, FactStatus status, CreditFact shown) {
        if (states != null) {
            states.add(new FactState(original.eventId(), status, shown));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, BigDecimal>[] newBonusMaps(int n) {
        return new Map[n]; // filled on a group-7 indicator's first counted fact
    }

    /**
     * SCORING.md §4.2 (bonus cap): a group-7 indicator adds at most its weight per calendar year — the sum of each
     * year's bonus points of its counted facts, each year's capped at the weight.
     */
    private static BigDecimal cappedBonus(Map<Integer, BigDecimal> byYear, BigDecimal weight) {
        BigDecimal total = BigDecimal.ZERO;
        if (byYear == null) {
            return total;
        }
        for (BigDecimal year : byYear.values()) {
            total = total.add(year.min(weight));
        }
        return total;
    }

    /**
     * 第九条: listed on D while some case has a LISTED record known on D and no SHIELDED record known on D (the caller
     * has already left out records not yet known).
     */
    private static boolean isListed(Collection<DebtorListing> listings) {
        Set<String> listedCases = new HashSet<>();
        Set<String> shieldedCases = new HashSet<>();
        for (DebtorListing l : listings) {
            (l.status() == DebtorStatus.LISTED ? listedCases : shieldedCases).add(l.caseNumber());
        }
        listedCases.removeAll(shieldedCases);
        return !listedCases.isEmpty();
    }

    private static List<Correction> dedupe(List<Correction> corrections) {
        Map<String, Correction> byId = new HashMap<>();
        for (Correction c : corrections) {
            byId.putIfAbsent(c.correctionId(), c);
        }
        List<Correction> ordered = new ArrayList<>(byId.values());
        ordered.sort(CORRECTION_ORDER);
        return ordered;
    }

    /** Two deliveries of one eventId: the first recorded one is the fact (ingest makes them identical anyway). */
    private static CreditFact firstRecorded(CreditFact a, CreditFact b) {
        int byTime = a.recordedAt().compareTo(b.recordedAt());
        if (byTime != 0) {
            return byTime < 0 ? a : b;
        }
        return a.toString().compareTo(b.toString()) <= 0 ? a : b;
    }

    private static BigDecimal points(CreditFact fact) {
        return fact.points() == null ? BigDecimal.ZERO : fact.points();
    }

    private static BigDecimal money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }
}

package cn.jiyuan.integrity.query.reporting;

import cn.jiyuan.integrity.query.model.ReadModel;
import cn.jiyuan.integrity.query.model.UnitHistory;
import cn.jiyuan.integrity.rules.calendar.WorkdayCalendar;
import cn.jiyuan.integrity.rules.catalog.Catalog;
import cn.jiyuan.integrity.rules.catalog.Catalogs;
import cn.jiyuan.integrity.rules.facts.CreditFact;
import cn.jiyuan.integrity.rules.facts.Fact;
import cn.jiyuan.integrity.rules.reporting.PeriodicDuty;
import cn.jiyuan.integrity.rules.scoring.FactState;
import cn.jiyuan.integrity.rules.scoring.FactStatus;
import cn.jiyuan.integrity.rules.scoring.ScoreFold;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The two reports of 第十二条, from the facts every query answers from: per provider, the facts it reported in a
 * period and how many were late and by how many working days (第十一条); and, per provider, the periodic assessments
 * that never arrived for a closed period (the rules' {@link PeriodicDuty}). A provider is listed with the Chinese
 * name the catalog gives it.
 */
public class ReportingReports {

    /** Units whose facts are read back at a time. */
    private static final int CHUNK = 2_000;

    private final ReadModel model;
    private final Catalogs catalogs;
    private final ScoreFold fold;
    private final WorkdayCalendar calendar;

    public ReportingReports(ReadModel model, Catalogs catalogs, WorkdayCalendar calendar) {
        this.model = model;
        this.catalogs = catalogs;
        this.fold = new ScoreFold(catalogs);
        this.calendar = calendar;
    }

    /** One indicator's facts of one provider in the period. */
    public record IndicatorTimeliness(
            String indicator, String name, int reported, int late, int maxWorkingDaysLate, long workingDaysLate) {}

    /** One provider's facts in the period: how many, how many late, by how much at most and in all. */
    public record ProviderTimeliness(
            String providerOrg,
            String name,
            int reported,
            int late,
            int maxWorkingDaysLate,
            long workingDaysLate,
            List<IndicatorTimeliness> indicators) {}

    /** One closed period of one indicator, and the units with no assessment for it. */
    public record MissingPeriod(
            String indicator, String name, String period, LocalDate deadline, List<String> unitIds) {}

    /** One provider's missing periodic information: periods with units missing, and how many (unit, period) pairs. */
    public record ProviderMissing(String providerOrg, String name, int missing, List<MissingPeriod> periods) {}

    /**
     * Facts recorded from {@code from} to {@code to} (China dates, inclusive), as their providers reported them (an
     * amendment approved later does not make a report late or on time); of one provider, or all when null.
     */
    public List<ProviderTimeliness> timeliness(LocalDate from, LocalDate to, String providerOrg) {
        Catalog catalog = catalogs.inForce(to);
        // provider → indicator → [reported, late, max, total]
        Map<String, Map<String, long[]>> counts = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        ReadModel.Snapshot snapshot = model.snapshot();
        model.inChunks(snapshot, snapshot.units(), CHUNK, chunk -> {
            for (UnitHistory unit : chunk) {
                for (Fact f : unit.facts()) {
                    if (!(f instanceof CreditFact c) || !seen.add(c.eventId())) {
                        continue;
                    }
                    LocalDate recordedOn = c.recordedOn();
                    if (recordedOn.isBefore(from) || recordedOn.isAfter(to)) {
                        continue;
                    }
                    if (providerOrg != null && !providerOrg.equals(c.providerOrg())) {
                        continue;
                    }
                    long[] n = counts.computeIfAbsent(c.providerOrg(), k -> new TreeMap<>())
                            .computeIfAbsent(c.indicator(), k -> new long[4]);
                    n[0]++;
                    int daysLate = calendar.workingDaysLate(c.occurredOn(), recordedOn);
                    if (daysLate > 0) {
                        n[1]++;
                        n[2] = Math.max(n[2], daysLate);
                        n[3] += daysLate;
                    }
                }
            }
        });
        List<ProviderTimeliness> providers = new ArrayList<>();
        counts.forEach((org, byIndicator) -> {
            List<IndicatorTimeliness> indicators = new ArrayList<>();
            long reported = 0;
            long late = 0;
            long max = 0;
            long total = 0;
            for (var e : byIndicator.entrySet()) {
                long[] n = e.getValue();
                indicators.add(new IndicatorTimeliness(
                        e.getKey(), indicatorName(catalog, e.getKey()), (int) n[0], (int) n[1], (int) n[2], n[3]));
                reported += n[0];
                late += n[1];
                max = Math.max(max, n[2]);
                total += n[3];
            }
            providers.add(new ProviderTimeliness(
                    org,
                    catalog.organisations().getOrDefault(org, org),
                    (int) reported,
                    (int) late,
                    (int) max,
                    total,
                    indicators));
        });
        return providers;
    }

    /** The assessments of {@code year} missing on {@code today}; of one provider, or all when null. */
    public List<ProviderMissing> missing(int year, LocalDate today, String providerOrg) {
        LocalDate yearEnd = LocalDate.of(year, 12, 31);
        Catalog catalog = catalogs.inForce(today.isBefore(yearEnd) ? today : yearEnd);
        List<PeriodicDuty.Due> dues = PeriodicDuty.closedPeriods(catalog, year, today, calendar).stream()
                .filter(d -> providerOrg == null || d.indicator().providers().contains(providerOrg))
                .toList();
        // (indicator, period) → units missing, in the order of the dues
        Map<PeriodicDuty.Due, List<String>> missing = new LinkedHashMap<>();
        dues.forEach(d -> missing.put(d, new ArrayList<>()));
        ReadModel.Snapshot snapshot = model.snapshot();
        List<UnitHistory> registered = dues.isEmpty()
                ? List.of()
                : snapshot.units().stream()
                        .filter(u -> !u.registrations().isEmpty())
                        .sorted(Comparator.comparing(UnitHistory::unitId))
                        .toList();
        model.inChunks(
                snapshot,
                registered,
                CHUNK,
                chunk -> chunk.forEach(unit -> {
                    List<CreditFact> assessments = fold.score(unit.unitId(), unit.facts(), today).facts().stream()
                            .filter(s -> s.status() != FactStatus.RETRACTED
                                    && s.effective().period() != null)
                            .map(FactState::effective)
                            .toList();
                    for (PeriodicDuty.Due due : dues) {
                        UnitHistory.Registration r =
                                unit.registrationOn(due.period().end());
                        if (r == null || !r.active()) {
                            continue;
                        }
                        if (assessments.stream().noneMatch(f -> PeriodicDuty.settles(f, due))) {
                            missing.get(due).add(unit.unitId());
                        }
                    }
                }));
        Map<String, List<MissingPeriod>> byProvider = new TreeMap<>();
        missing.forEach((due, unitIds) -> {
            if (unitIds.isEmpty()) {
                return;
            }
            MissingPeriod period = new MissingPeriod(
                    due.indicator().code(),
                    due.indicator().nameZh(),
                    due.period().toString(),
                    due.deadline(),
                    List.copyOf(unitIds));
            for (String org : due.indicator().providers()) {
                if (providerOrg == null || providerOrg.equals(org)) {
                    byProvider.computeIfAbsent(org, k -> new ArrayList<>()).add(period);
                }
            }
        });
        List<ProviderMissing> providers = new ArrayList<>();
        byProvider.forEach((org, periods) -> providers.add(new ProviderMissing(
                org,
                catalog.organisations().getOrDefault(org, org),
                periods.stream().mapToInt(p -> p.unitIds().size()).sum(),
                periods)));
        return providers;
    }

    private static String indicatorName(Catalog catalog, String code) {
        return catalog.indicator(code).map(i -> i.nameZh()).orElse(code);
    }
}

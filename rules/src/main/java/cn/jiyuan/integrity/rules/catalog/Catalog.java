package cn.jiyuan.integrity.rules.catalog;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One version of the indicator catalog, in force from {@code effectiveFrom}. Built and validated by
 * {@link CatalogLoader}; code never switches on indicator codes, it asks the catalog.
 *
 * @param organisations org code → Chinese name (SCORING.md §6)
 * @param creditOffice the org that registers units and reviews objections (市信用办)
 * @param debtorListingProviders the courts that may list and shield dishonest judgment debtors (第九条)
 */
public record Catalog(
        String version,
        String title,
        LocalDate effectiveFrom,
        Map<String, String> organisations,
        String creditOffice,
        Set<String> debtorListingProviders,
        List<Group> groups,
        Map<String, Indicator> indicatorsByCode) {

    public Catalog {
        organisations = Collections.unmodifiableMap(new LinkedHashMap<>(organisations));
        debtorListingProviders = Set.copyOf(debtorListingProviders);
        groups = List.copyOf(groups);
        indicatorsByCode = Collections.unmodifiableMap(new LinkedHashMap<>(indicatorsByCode));
    }

    public Optional<Indicator> indicator(String code) {
        return Optional.ofNullable(indicatorsByCode.get(code));
    }

    /** All indicators in annex order. */
    public Collection<Indicator> indicators() {
        return indicatorsByCode.values();
    }

    public boolean isKnownOrganisation(String org) {
        return organisations.containsKey(org);
    }

    /** Full marks of groups 1–5 together: the score of a unit with no information (第七条). */
    public BigDecimal fullMarks() {
        return indicators().stream()
                .filter(i -> i.kind() == GroupKind.SCORED)
                .map(Indicator::weight)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}

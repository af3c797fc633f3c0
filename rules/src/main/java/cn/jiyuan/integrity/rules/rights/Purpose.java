package cn.jiyuan.integrity.rules.rights;

import java.util.Optional;

/** 第十条: what a consuming department uses the results for. A CONSUMER names one with every read (API.md). */
public enum Purpose {
    PERFORMANCE_ASSESSMENT,
    FISCAL_FUNDING,
    CIVILISED_UNIT,
    GOVERNANCE_AWARD,
    HONOURS,
    BUSINESS_ENVIRONMENT,
    STAFF_ASSESSMENT,
    CADRE_SELECTION;

    public static Optional<Purpose> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (Purpose p : values()) {
            if (p.name().equals(value.strip())) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

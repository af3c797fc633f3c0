package cn.jiyuan.integrity.query.model;

import java.time.Duration;

/**
 * How old a cached evaluation may be: the configured age ({@code query.ranking-max-age}), stretched where its
 * refreshes take longer than that (a province's while facts arrive), so that refreshes do not follow each other
 * back to back and no request waits for one.
 */
final class RefreshAge {

    private RefreshAge() {}

    /**
     * How old a day may be and still be given without a refresh: {@code maxAge}, or as long as the last refresh took
     * (zero stays zero: an answer never older than the read model).
     */
    static Duration freshFor(Duration maxAge, Duration refreshCost) {
        return maxAge.isZero() || refreshCost.compareTo(maxAge) <= 0 ? maxAge : refreshCost;
    }

    /**
     * How old a day may be and still be given while a refresh runs: twice what the refresh started after and took,
     * so that a request is not held behind a refresh that takes as long as the last one (seconds at a province's
     * scale while facts arrive).
     */
    static Duration servableFor(Duration maxAge, Duration refreshCost) {
        return maxAge.isZero()
                ? maxAge
                : freshFor(maxAge, refreshCost).plus(refreshCost).multipliedBy(2);
    }
}

package cn.jiyuan.integrity.query.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How old a cached day may be: the configured age, stretched where refreshes take longer than it. */
class RefreshAgeTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void aQuickRefreshKeepsTheConfiguredAge() {
        Duration cost = Duration.ofMillis(20);

        assertThat(RefreshAge.freshFor(SECOND, cost)).isEqualTo(SECOND);
        assertThat(RefreshAge.servableFor(SECOND, cost)).isEqualTo(Duration.ofMillis(2_040));
    }

    @Test
    void aRefreshLongerThanTheAgeStretchesItSoThatNoRequestWaitsForTheNext() {
        Duration cost = Duration.ofMillis(1_600);

        assertThat(RefreshAge.freshFor(SECOND, cost)).isEqualTo(cost);
        // a refresh starts once the day is 1.6 s old and takes about as long: the day is still given until 6.4 s
        assertThat(RefreshAge.servableFor(SECOND, cost))
                .isEqualTo(Duration.ofMillis(6_400))
                .isGreaterThan(RefreshAge.freshFor(SECOND, cost).plus(cost));
    }

    @Test
    void anAgeOfZeroStaysZeroWhateverARefreshTakes() {
        assertThat(RefreshAge.freshFor(Duration.ZERO, SECOND)).isZero();
        assertThat(RefreshAge.servableFor(Duration.ZERO, SECOND)).isZero();
    }
}

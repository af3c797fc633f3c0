package cn.jiyuan.integrity.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The services' clock moved on for a local rehearsal, and refused everywhere else. */
class ClockOffsetTest {

    @Test
    void withoutAnOffsetTheClockIsTheSystemsInEitherMode() {
        assertThat(IntegritySupportAutoConfiguration.clock(Duration.ZERO, false))
                .isEqualTo(Clock.systemUTC());
        assertThat(IntegritySupportAutoConfiguration.clock(Duration.ZERO, true)).isEqualTo(Clock.systemUTC());
    }

    @Test
    void aLocalRunMayMoveTheClockOn() {
        Duration offset = Duration.ofHours(5);
        Instant before = Instant.now().plus(offset);

        Instant moved = IntegritySupportAutoConfiguration.clock(offset, true).instant();

        assertThat(moved).isBetween(before, Instant.now().plus(offset));
    }

    @Test
    void outsideLocalModeAnOffsetIsRefused() {
        assertThatThrownBy(() -> IntegritySupportAutoConfiguration.clock(Duration.ofMinutes(1), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("integrity.clock-offset is PT1M")
                .hasMessageContaining("integrity.local-mode=true");
    }

    @Test
    void aClockSetBackIsRefusedEvenInLocalMode() {
        assertThatThrownBy(() -> IntegritySupportAutoConfiguration.clock(Duration.ofMinutes(-1), true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only on");
    }
}

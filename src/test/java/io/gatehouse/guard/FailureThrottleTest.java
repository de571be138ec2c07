package io.gatehouse.guard;

import io.gatehouse.testing.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FailureThrottleTest {
    private final MovableClock clock = new MovableClock(Instant.ofEpochMilli(1_000_000));

    @Test
    void failuresPastTheAllowanceAreThrottledUntilTheWindowEnds() {
        FailureThrottle throttle = new FailureThrottle(3, Duration.ofSeconds(60), clock);
        assertThat(throttle.failed("10.0.0.1")).isZero();
        assertThat(throttle.failed("10.0.0.1")).isZero();
        assertThat(throttle.failed("10.0.0.1")).isZero();
        assertThat(throttle.failed("10.0.0.1")).isEqualTo(60);
        assertThat(throttle.failed("10.0.0.2")).as("another source has its own allowance").isZero();

        clock.advance(Duration.ofMillis(45_000));
        assertThat(throttle.failed("10.0.0.1")).isEqualTo(15);
        clock.advance(Duration.ofMillis(15_000));
        assertThat(throttle.failed("10.0.0.1")).as("a new window").isZero();
    }

    @Test
    void oneIpv6NetworkIsOneSource() {
        FailureThrottle throttle = new FailureThrottle(2, Duration.ofSeconds(60), clock);
        assertThat(throttle.failed("2001:db8:1:2:0:0:0:1")).isZero();
        assertThat(throttle.failed("2001:db8:1:2:ffff:1:2:3")).isZero();
        assertThat(throttle.failed("2001:db8:1:2::99")).isPositive();
        assertThat(throttle.failed("2001:db8:1:3::1")).isZero();
    }

    @Test
    void aFloodOfFailingSourcesStaysBounded() {
        FailureThrottle throttle = new FailureThrottle(3, Duration.ofMinutes(5), clock, 1000);
        for (int i = 0; i < 20_000; i++) {
            throttle.failed("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertThat(throttle.trackedSources()).isLessThanOrEqualTo(1000);
    }

    @Test
    void endedWindowsAreDropped() {
        FailureThrottle throttle = new FailureThrottle(3, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 100; i++) {
            throttle.failed("10.0.1." + i);
        }
        clock.advance(Duration.ofMillis(10_001));
        assertThat(throttle.trackedSources()).isZero();
    }
}

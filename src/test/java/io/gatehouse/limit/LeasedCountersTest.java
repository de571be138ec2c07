package io.gatehouse.limit;

import io.gatehouse.testing.MovableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The leases over a fake shared store that grants whatever is asked (the script's own share rule is tested against
 * Redis in {@link LeasedCountersRedisTest}), on a clock the test moves.
 */
class LeasedCountersTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-31T12:00:00Z"));
    private final Granting shared = new Granting();
    private final LeasedCounters leased = new LeasedCounters(shared, clock);

    /** Shared counters without limits that grant every lease asked for, counting round trips; can be made to fail. */
    private static final class Granting implements LimitCounters {
        final Map<String, Long> values = new HashMap<>();
        final List<long[]> asked = new ArrayList<>();
        final List<Long> settled = new ArrayList<>();
        boolean down;

        @Override
        public CompletionStage<Tally> reserve(List<Counter> counters) {
            return reserve(counters, new long[counters.size()]);
        }

        @Override
        public CompletionStage<Tally> reserve(List<Counter> counters, long[] wanted) {
            if (down) {
                return CompletableFuture.failedFuture(new IllegalStateException("down"));
            }
            asked.add(wanted.clone());
            long[] after = new long[counters.size()];
            for (int i = 0; i < after.length; i++) {
                after[i] = values.merge(counters.get(i).name(), counters.get(i).amount() + wanted[i], Long::sum);
            }
            return CompletableFuture.completedFuture(new Tally(true, -1, after, wanted.clone()));
        }

        @Override
        public void settle(List<Counter> counters, long[] deltas) {
            for (int i = 0; i < deltas.length; i++) {
                values.merge(counters.get(i).name(), deltas[i], Long::sum);
                settled.add(deltas[i]);
            }
        }

        @Override
        public void close() {
        }
    }

    private Counter tokens(long amount) {
        return Counter.of(Scope.KEY, "k1", Dimension.TPM, 1_000_000, amount, clock.millis());
    }

    private LimitCounters.Tally reserve(Counter... counters) {
        return leased.reserve(List.of(counters)).toCompletableFuture().join();
    }

    @Test
    void aNodeFirstLeasesOneMoreReservationThenWhatItUsedInTheLastSecond() {
        reserve(tokens(100));
        assertThat(shared.asked).hasSize(1);
        assertThat(shared.asked.getFirst()).containsExactly(100);
        // Covered by the lease: decided here, at once.
        CompletableFuture<LimitCounters.Tally> local = leased.reserve(List.of(tokens(100))).toCompletableFuture();
        assertThat(local).isCompleted();
        assertThat(shared.asked).hasSize(1);
        assertThat(leased.held(tokens(1).name())).isZero();

        // 200 used over half a second: 400 a second, asked for in full (nothing is held).
        clock.advance(Duration.ofMillis(500));
        reserve(tokens(100));
        assertThat(shared.asked).hasSize(2);
        assertThat(shared.asked.get(1)).containsExactly(400);
    }

    @Test
    void aBurstIsMeasuredOverAtLeastATenthOfASecondSoANodeDoesNotHoard() {
        reserve(tokens(10));
        reserve(tokens(10));
        reserve(tokens(10));
        // 20 used in no time: counted as 20 in 100 ms, 200 a second.
        assertThat(shared.asked.get(1)).containsExactly(200);
    }

    @Test
    void anExhaustedLeaseGoesBackToTheSharedCountersAndAReservationLargerThanTheLeaseToo() {
        reserve(tokens(100));
        reserve(tokens(60));
        assertThat(shared.asked).hasSize(1);
        assertThat(leased.held(tokens(1).name())).isEqualTo(40);
        reserve(tokens(50));
        assertThat(shared.asked).hasSize(2);
        // Kept: the lease is the node's whatever the request that went to the shared counters reserved.
        assertThat(leased.held(tokens(1).name())).isGreaterThanOrEqualTo(40);
    }

    @Test
    void everyCounterOfARequestMustBeCoveredForALocalDecision() {
        Counter day = Counter.of(Scope.KEY, "k1", Dimension.TOKENS_PER_DAY, 1_000_000, 100, clock.millis());
        reserve(tokens(100));
        reserve(tokens(100), day);
        assertThat(shared.asked).hasSize(2);
        assertThat(shared.asked.get(1)[1]).isEqualTo(100);
        reserve(tokens(100), day);
        assertThat(shared.asked).hasSize(2);
    }

    @Test
    void aNewWindowStartsWithoutALease() {
        clock.set(Instant.parse("2026-03-31T12:00:59Z"));
        reserve(tokens(100));
        assertThat(leased.held(tokens(1).name())).isEqualTo(100);
        clock.advance(Duration.ofSeconds(1));
        reserve(tokens(100));
        assertThat(shared.asked).hasSize(2);
        assertThat(shared.asked.get(1)).containsExactly(100);
    }

    @Test
    void tokensGivenBackGoIntoTheLeaseAndTokensTakenBeyondComeOutOfItWhenItHoldsThem() {
        Counter reserved = tokens(100);
        reserve(reserved);
        leased.settle(List.of(reserved), new long[] {-70});
        assertThat(leased.held(reserved.name())).isEqualTo(170);
        leased.settle(List.of(reserved), new long[] {150});
        assertThat(leased.held(reserved.name())).isEqualTo(20);
        assertThat(shared.settled).isEmpty();
        // More than the lease holds: to the shared counters at once, the lease kept.
        leased.settle(List.of(reserved), new long[] {30});
        assertThat(shared.settled).containsExactly(30L);
        assertThat(leased.held(reserved.name())).isEqualTo(20);
    }

    @Test
    void tokensGivenBackBeyondTheShareOfWhatIsLeftGoToTheSharedCountersSoSmallLimitsStrandNothing() {
        Counter small = Counter.of(Scope.KEY, "k1", Dimension.TOKENS_PER_DAY, 3_000, 100, clock.millis());
        reserve(small);
        // 200 counted (100 used, 100 leased by the fake): a lease may hold (3000 - 200) / 64 = 43, it holds 100.
        leased.settle(List.of(small), new long[] {-70});
        assertThat(leased.held(small.name())).isEqualTo(100);
        assertThat(shared.settled).containsExactly(-70L);
        assertThat(shared.values.get(small.name())).isEqualTo(130);
    }

    @Test
    void theValuesAreThisNodesView() {
        LimitCounters.Tally first = reserve(tokens(100));
        // The shared counter holds 100 used and 100 leased; this node sees 100 used.
        assertThat(shared.values.get(tokens(1).name())).isEqualTo(200);
        assertThat(first.values()).containsExactly(100);
        assertThat(reserve(tokens(30)).values()).containsExactly(130);
    }

    @Test
    void aRequestCoveredByALeaseIsAdmittedWhileTheSharedCountersAreDownAndOthersFail() {
        reserve(tokens(100));
        shared.down = true;
        assertThat(reserve(tokens(100)).admitted()).isTrue();
        assertThatThrownBy(() -> reserve(tokens(100))).hasRootCauseMessage("down");
        shared.down = false;
        // The failed request left nothing pending: the next one asks again.
        reserve(tokens(100));
        assertThat(shared.asked).hasSize(2);
        assertThat(shared.asked.get(1)[0]).isPositive();
    }

    @Test
    void unusedLeasesAreGivenBackOnClose() {
        reserve(tokens(100));
        reserve(tokens(40));
        leased.close();
        assertThat(shared.settled).containsExactly(-60L);
        assertThat(shared.values.get(tokens(1).name())).isEqualTo(140);
    }
}

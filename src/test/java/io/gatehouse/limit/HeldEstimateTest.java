package io.gatehouse.limit;

import io.gatehouse.model.KeyLimits;
import io.gatehouse.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the limits stage reserves: an upper bound of its estimate from this node's leases when they cover it
 * ({@link Limiter#reserveHeld}), else the exact estimate through the shared counters. Over a fake shared store that
 * refuses at the limit and grants leases by the script's rule (at most 1/64 of what is left), on a fixed clock.
 */
class HeldEstimateTest {
    private static final long EXACT = 100;
    private static final long BOUND = 400;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-31T12:00:00Z"));
    private final Store store = new Store();
    private final LeasedCounters leased = new LeasedCounters(store, clock);
    private final Limiter limiter = new Limiter(leased, Limiter.OnFailure.OPEN, clock, new SimpleMeterRegistry());
    private final LimitedScopes scopes = LimitedScopes.of("k1", new KeyLimits(null, null, 1_000_000L, null, null, null),
            "r1", null, "w1", null);

    private int heldAdmissions;

    /** Counters that refuse at their limit and grant leases as the Redis script does; counts round trips. */
    private static final class Store implements LimitCounters {
        final Map<String, Long> values = new HashMap<>();
        int roundTrips;

        @Override
        public CompletionStage<Tally> reserve(List<Counter> counters) {
            return reserve(counters, new long[counters.size()]);
        }

        @Override
        public CompletionStage<Tally> reserve(List<Counter> counters, long[] wanted) {
            roundTrips++;
            long[] after = new long[counters.size()];
            for (int i = 0; i < after.length; i++) {
                after[i] = values.getOrDefault(counters.get(i).name(), 0L);
                if (after[i] >= counters.get(i).limit()) {
                    return CompletableFuture.completedFuture(new Tally(false, i, after));
                }
            }
            long[] granted = new long[counters.size()];
            for (int i = 0; i < after.length; i++) {
                Counter c = counters.get(i);
                long left = c.limit() - after[i] - c.amount();
                granted[i] = Math.min(wanted[i], Math.max(0, left / RedisCounters.LEASE_SHARE));
                after[i] = values.merge(c.name(), c.amount() + granted[i], Long::sum);
            }
            return CompletableFuture.completedFuture(new Tally(true, -1, after, granted));
        }

        @Override
        public void settle(List<Counter> counters, long[] deltas) {
            for (int i = 0; i < deltas.length; i++) {
                values.merge(counters.get(i).name(), deltas[i], Long::sum);
            }
        }

        @Override
        public void close() {
        }
    }

    private String counter() {
        return Counter.of(Scope.KEY, "k1", Dimension.TOKENS_PER_DAY, 1_000_000, 0, clock.millis()).name();
    }

    /** One request the way the stage makes it: the bound when held, else the exact estimate; settled with EXACT. */
    private Limiter.Verdict request(boolean boundFirst) {
        Limiter.Decision d = boundFirst ? limiter.reserveHeld(scopes, BOUND, 0) : null;
        if (d != null) {
            heldAdmissions++;
        } else {
            d = limiter.reserve(scopes, EXACT, 0).toCompletableFuture().join();
        }
        d.reservation().settle(EXACT, null);
        return d.verdict();
    }

    @Test
    void theBoundIsReservedOnlyFromALeaseThatHoldsItAndNothingIsTakenOtherwise() {
        assertThat(limiter.reserveHeld(scopes, BOUND, 0)).as("no lease yet").isNull();
        assertThat(leased.held(counter())).isZero();
        limiter.reserve(scopes, EXACT, 0).toCompletableFuture().join();
        // The first lease is one more reservation like it: 100 units, not enough for the bound.
        long held = leased.held(counter());
        assertThat(held).isEqualTo(EXACT);
        int trips = store.roundTrips;
        assertThat(limiter.reserveHeld(scopes, BOUND, 0)).isNull();
        assertThat(leased.held(counter())).isEqualTo(held);

        assertThat(limiter.reserveHeld(scopes, held, 0)).isNotNull()
                .satisfies(d -> assertThat(d.verdict()).isEqualTo(Limiter.Verdict.ADMITTED))
                .satisfies(d -> assertThat(d.headers()).containsEntry("x-ratelimit-limit-tokens", "1000000"));
        assertThat(leased.held(counter())).isZero();
        assertThat(store.roundTrips).as("decided on the node").isEqualTo(trips);
    }

    @Test
    void aBoundReservationGivesBackTheDifferenceWhenSettled() {
        for (int i = 0; i < 100 && leased.held(counter()) < BOUND; i++) {
            request(true);
        }
        long held = leased.held(counter());
        Limiter.Decision d = limiter.reserveHeld(scopes, BOUND, 0);
        assertThat(d).isNotNull();
        assertThat(leased.held(counter())).isEqualTo(held - BOUND);
        d.reservation().settle(EXACT, null);
        assertThat(leased.held(counter())).isEqualTo(held - EXACT);
    }

    @Test
    void nearTheLimitTheExactEstimateDecidesAndRefusesWhereReservingItAlwaysWould() {
        int boundFirst = admittedUntilRefused(true);
        HeldEstimateTest exactOnly = new HeldEstimateTest();
        assertThat(boundFirst).isEqualTo(exactOnly.admittedUntilRefused(false));
        assertThat(heldAdmissions).as("most requests reserved the bound from the lease").isGreaterThan(boundFirst / 2);
        assertThat(exactOnly.heldAdmissions).isZero();
    }

    private int admittedUntilRefused(boolean boundFirst) {
        int admitted = 0;
        while (request(boundFirst) == Limiter.Verdict.ADMITTED) {
            admitted++;
        }
        return admitted;
    }
}

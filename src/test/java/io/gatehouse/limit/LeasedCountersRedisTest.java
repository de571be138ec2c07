package io.gatehouse.limit;

import io.gatehouse.testing.MovableClock;
import io.gatehouse.testing.PrivateRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Leases granted by the reserve script of a private Redis, several "nodes" sharing it: the share rule, no lease for
 * small limits, and limits exact across nodes however much is leased.
 */
class LeasedCountersRedisTest {
    private static PrivateRedis redis;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-31T12:00:01Z"));

    @BeforeAll
    static void start() throws Exception {
        redis = PrivateRedis.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (redis != null) {
            redis.close();
        }
    }

    private RedisCounters redisNode() {
        RedisCounters counters = new RedisCounters(redis.url(), Duration.ofSeconds(10), clock, null);
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> counters
                .reserve(List.of(rpm("warm-up-" + System.nanoTime(), 10))).toCompletableFuture().join().admitted());
        return counters;
    }

    private Counter rpm(String owner, long limit) {
        return Counter.of(Scope.KEY, owner, Dimension.RPM, limit, 1, clock.millis());
    }

    @Test
    void theScriptGrantsAtMostOneSixtyFourthOfWhatIsLeftAndNoneBelowOneUnit() {
        try (RedisCounters counters = redisNode()) {
            Counter big = rpm("share-" + System.nanoTime(), 6_401);
            LimitCounters.Tally tally = counters.reserve(List.of(big), new long[] {1_000_000}).toCompletableFuture()
                    .join();
            assertThat(tally.leases()).containsExactly(100);
            assertThat(tally.values()).containsExactly(101);
            // Asked for less than the share: granted what was asked.
            assertThat(counters.reserve(List.of(big), new long[] {7}).toCompletableFuture().join().leases())
                    .containsExactly(7);
            Counter small = rpm("small-" + System.nanoTime(), 64);
            assertThat(counters.reserve(List.of(small), new long[] {1_000}).toCompletableFuture().join().leases())
                    .containsExactly(0);
        }
    }

    @Test
    void aLimitOfSixtyRequestsIsNeverLeasedEachRequestIsCountedInRedis() {
        try (LeasedCounters node = new LeasedCounters(redisNode(), clock)) {
            Counter counter = rpm("sixty-" + System.nanoTime(), 60);
            for (int i = 1; i <= 60; i++) {
                LimitCounters.Tally tally = node.reserve(List.of(counter)).toCompletableFuture().join();
                assertThat(tally.admitted()).isTrue();
                assertThat(tally.values()).containsExactly(i);
                assertThat(node.held(counter.name())).isZero();
            }
            assertThat(node.reserve(List.of(counter)).toCompletableFuture().join().admitted()).isFalse();
        }
    }

    /**
     * Two clients per node, on three nodes, each reserving until refused, every reservation's amount from
     * {@code amount}; what was admitted.
     */
    private long hammer(LongFunction<Counter> counter, LongSupplier amount) throws Exception {
        List<LeasedCounters> nodes = List.of(new LeasedCounters(redisNode(), clock),
                new LeasedCounters(redisNode(), clock), new LeasedCounters(redisNode(), clock));
        AtomicLong admitted = new AtomicLong();
        try (ExecutorService clients = Executors.newFixedThreadPool(6)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 6; c++) {
                LeasedCounters node = nodes.get(c % nodes.size());
                running.add(clients.submit(() -> {
                    while (true) {
                        long units = amount.getAsLong();
                        if (!node.reserve(List.of(counter.apply(units))).toCompletableFuture().join().admitted()) {
                            return;
                        }
                        admitted.addAndGet(units);
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            nodes.forEach(LeasedCounters::close);
        }
        return admitted.get();
    }

    @Test
    void aLargeRequestLimitAdmitsExactlyItsLimitAcrossNodesWhateverIsLeased() throws Exception {
        String owner = "exact-" + System.nanoTime();
        assertThat(hammer(units -> rpm(owner, 20_000), () -> 1)).isEqualTo(20_000);
    }

    @Test
    void aLargeTokenBudgetIsNeverExceededByMoreThanOneReservationAcrossNodes() throws Exception {
        String owner = "budget-" + System.nanoTime();
        long budget = 500_000;
        long admitted = hammer(units -> Counter.of(Scope.KEY, owner, Dimension.TOKENS_PER_DAY, budget, units,
                clock.millis()), () -> ThreadLocalRandom.current().nextLong(1, 101));
        assertThat(admitted).isLessThanOrEqualTo(budget + 99);
        // Left unused at most what each node held when refused: less than one reservation.
        assertThat(admitted).isGreaterThan(budget - 3 * 100);
    }
}

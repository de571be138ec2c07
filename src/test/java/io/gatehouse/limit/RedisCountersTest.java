package io.gatehouse.limit;

import io.gatehouse.testing.MovableClock;
import io.gatehouse.testing.PrivateRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.channel.EventLoopGroup;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Counters in a private Redis, two "nodes" on one Vert.x: a reservation made on an event loop is written and answered
 * on that loop; tokens taken beyond a reservation count at once for every node, tokens given back ride with the next
 * reservation or go alone after the delay.
 */
class RedisCountersTest {
    private static final Duration NEVER = Duration.ofHours(1);
    private static PrivateRedis redis;
    private static Vertx vertx;
    private static RedisClient reader;
    private static StatefulRedisConnection<String, String> raw;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-31T12:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        redis = PrivateRedis.start();
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(2));
        reader = RedisClient.create(redis.url());
        raw = reader.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (raw != null) {
            raw.close();
            reader.shutdown();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static EventLoopGroup loops() {
        return ((VertxInternal) vertx).nettyEventLoopGroup();
    }

    private RedisCounters node(Duration giveBackDelay) {
        RedisCounters counters = new RedisCounters(redis.url(), Duration.ofSeconds(2), clock, loops(), giveBackDelay);
        // Connected once a reservation goes through (the first connection is made in the background).
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> counters
                .reserve(List.of(counter("warm-up-" + System.nanoTime(), 1))).toCompletableFuture().join().admitted());
        return counters;
    }

    private Counter counter(String owner, long amount) {
        return Counter.of(Scope.KEY, owner, Dimension.TOKENS_PER_DAY, 1_000, amount, clock.millis());
    }

    private static long value(Counter counter) {
        return Long.parseLong(raw.sync().get(counter.name()));
    }

    /** Runs {@code work} on an event loop context of the Vert.x and waits for what it completes. */
    private static <T> T onEventLoop(java.util.function.Function<Thread, CompletableFuture<T>> work) {
        Context context = ((VertxInternal) vertx).createEventLoopContext();
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> work.apply(Thread.currentThread()).whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(failure);
            }
        }));
        return result.orTimeout(10, TimeUnit.SECONDS).join();
    }

    @Test
    void aReservationMadeOnAnEventLoopIsAnsweredOnThatSameThread() {
        try (RedisCounters counters = node(NEVER)) {
            Counter counter = counter("same-thread-" + System.nanoTime(), 5);
            boolean sameThread = onEventLoop(caller -> counters.reserve(List.of(counter)).toCompletableFuture()
                    .thenApply(tally -> tally.admitted() && Thread.currentThread() == caller));
            assertThat(sameThread).isTrue();
            assertThat(value(counter)).isEqualTo(5);
        }
    }

    @Test
    void tokensTakenBeyondTheReservationCountAtOnceForEveryNode() {
        try (RedisCounters first = node(NEVER); RedisCounters second = node(NEVER)) {
            String owner = "taken-" + System.nanoTime();
            Counter reserved = counter(owner, 60);
            onEventLoop(caller -> first.reserve(List.of(reserved)).toCompletableFuture());
            onEventLoop(caller -> {
                first.settle(List.of(reserved), new long[] {30});
                return CompletableFuture.completedFuture(null);
            });
            // Not held back for a later reservation (the delay is an hour): the other node sees the 90.
            await().atMost(Duration.ofSeconds(10)).until(() -> value(reserved) == 90);
            long[] values = onEventLoop(caller -> second.reserve(List.of(counter(owner, 1))).toCompletableFuture())
                    .values();
            assertThat(values).containsExactly(91);
        }
    }

    @Test
    void tokensGivenBackRideWithTheNextReservationOnTheirConnection() {
        try (RedisCounters counters = node(NEVER)) {
            String owner = "given-back-" + System.nanoTime();
            Counter reserved = counter(owner, 60);
            long[] values = onEventLoop(caller -> counters.reserve(List.of(reserved)).toCompletableFuture()
                    .thenCompose(admitted -> {
                        counters.settle(List.of(reserved), new long[] {-40});
                        return counters.reserve(List.of(counter(owner, 1))).toCompletableFuture();
                    })).values();
            assertThat(values).containsExactly(21);
        }
    }

    @Test
    void tokensGivenBackGoAloneAfterTheDelayWhenNoReservationFollows() {
        try (RedisCounters counters = node(Duration.ofMillis(50))) {
            Counter reserved = counter("alone-" + System.nanoTime(), 60);
            onEventLoop(caller -> counters.reserve(List.of(reserved)).toCompletableFuture());
            onEventLoop(caller -> {
                counters.settle(List.of(reserved), new long[] {-40});
                return CompletableFuture.completedFuture(null);
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> value(reserved) == 20);
        }
    }
}

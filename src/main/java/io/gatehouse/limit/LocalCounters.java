package io.gatehouse.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters in this process, for a node without {@code redis.url}: each node counts on its own, so N nodes admit up to
 * N times a limit. A counter is dropped once its window is over (its name holds the window's start, so a new window
 * is a new counter). Reservations take one lock: a handful of map reads and additions, never a wait on I/O.
 */
public final class LocalCounters implements LimitCounters {
    private static final Duration SLACK = Duration.ofMinutes(1);
    private final Cache<String, Slot> counters;

    /** A counter's value and the end of its window, after which it is dropped. */
    private record Slot(AtomicLong value, long windowEnd) {
    }

    /** @param clock the clock windows are computed with, so a counter lives as long as its window does */
    public LocalCounters(Clock clock) {
        this.counters = Caffeine.newBuilder()
                .expireAfter(Expiry.<String, Slot>creating((name, slot) ->
                        Duration.ofMillis(Math.max(0, slot.windowEnd() - clock.millis())).plus(SLACK)))
                .build();
    }

    @Override
    public synchronized CompletionStage<Tally> reserve(List<Counter> list) {
        long[] values = new long[list.size()];
        for (int i = 0; i < list.size(); i++) {
            Slot slot = counters.getIfPresent(list.get(i).name());
            values[i] = slot == null ? 0 : slot.value().get();
            if (values[i] >= list.get(i).limit()) {
                return CompletableFuture.completedFuture(new Tally(false, i, values));
            }
        }
        for (int i = 0; i < list.size(); i++) {
            Counter counter = list.get(i);
            values[i] = counters.get(counter.name(), name -> new Slot(new AtomicLong(), counter.windowEnd())).value()
                    .addAndGet(counter.amount());
        }
        return CompletableFuture.completedFuture(new Tally(true, -1, values));
    }

    @Override
    public synchronized void settle(List<Counter> list, long[] deltas) {
        for (int i = 0; i < list.size(); i++) {
            Slot slot = counters.getIfPresent(list.get(i).name());
            if (slot != null) {
                slot.value().addAndGet(deltas[i]);
            }
        }
    }

    @Override
    public void close() {
        counters.invalidateAll();
    }
}

package io.gatehouse.guard;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failures (bad passwords, unknown tokens or keys) per source in fixed windows. Only failures are throttled:
 * callers check the credential first, let a valid one through whatever the source did before, and ask
 * {@link #failed} what to answer a failure with — the plain refusal while the source is within its allowance, 429
 * once it is past it, until its window ends. So guessing from an address is slowed while the valid users behind the
 * same address (a NAT, a proxy) keep working, and a success does not reset the count (a guesser holding one valid
 * credential could otherwise keep its allowance fresh).
 *
 * <p>In memory per node, bounded: windows live in a Caffeine cache that drops them when they end and, past
 * {@code maxSources}, evicts the least useful ones in constant time, so a flood of failing sources costs the event
 * loop no scan. Sources are {@link SourceAddress#of keyed} so that one IPv6 network counts as one source.
 */
public final class FailureThrottle {
    /** Sources tracked at once: far beyond what a node sees, small enough to bound the memory (a few MiB). */
    public static final int MAX_SOURCES = 100_000;

    private final int maxFailures;
    private final long windowMillis;
    private final Clock clock;
    private final Cache<String, Window> windows;

    /** One source's window: when it started and the failures in it. Never replaced, so it expires from its start. */
    private record Window(long start, AtomicInteger failures) {
    }

    public FailureThrottle(int maxFailures, Duration window, Clock clock) {
        this(maxFailures, window, clock, MAX_SOURCES);
    }

    FailureThrottle(int maxFailures, Duration window, Clock clock, int maxSources) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = clock;
        this.windows = Caffeine.newBuilder()
                .maximumSize(maxSources)
                .expireAfterWrite(window)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .build();
    }

    /**
     * Counts a failure of {@code source} and says how to answer it: 0 while the source is within its allowance (the
     * usual 401), else the seconds until its window ends (answer 429 with that {@code Retry-After}).
     */
    public int failed(String source) {
        long now = clock.millis();
        Window w = windows.get(SourceAddress.of(source), k -> new Window(now, new AtomicInteger()));
        if (w.failures().incrementAndGet() <= maxFailures) {
            return 0;
        }
        return (int) Math.max(1, (w.start() + windowMillis - now + 999) / 1000);
    }

    /** Sources with a window open, for tests of the bound. */
    long trackedSources() {
        windows.cleanUp();
        return windows.estimatedSize();
    }
}

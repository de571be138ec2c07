package io.gatehouse.guard;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failures (bad passwords, unknown tokens or keys) per source in fixed windows and refuses a source
 * that exceeds its allowance until its window ends. In memory per node: it slows guessing against one node
 * at a time, which with 256-bit secrets and Argon2id passwords is what it needs to do.
 */
public final class FailureThrottle {
    private static final int MAX_TRACKED = 100_000;

    private final int maxFailures;
    private final long windowMillis;
    private final Clock clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();

    private static final class Window {
        final long start;
        int failures;

        Window(long start) {
            this.start = start;
        }
    }

    public FailureThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    /** Seconds until the source may try again, or 0 when it may try now. */
    public int retryAfterSeconds(String source) {
        Window w = windows.get(source);
        if (w == null) {
            return 0;
        }
        long now = clock.millis();
        synchronized (w) {
            if (now - w.start >= windowMillis) {
                windows.remove(source, w);
                return 0;
            }
            return w.failures >= maxFailures ? (int) Math.max(1, (w.start + windowMillis - now + 999) / 1000) : 0;
        }
    }

    public void recordFailure(String source) {
        long now = clock.millis();
        if (windows.size() > MAX_TRACKED) {
            windows.entrySet().removeIf(e -> now - e.getValue().start >= windowMillis);
        }
        Window w = windows.compute(source, (k, old) -> old == null || now - old.start >= windowMillis ? new Window(now) : old);
        synchronized (w) {
            w.failures++;
        }
    }

    /** A success forgives the source's earlier failures. */
    public void recordSuccess(String source) {
        windows.remove(source);
    }
}

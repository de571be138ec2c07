package io.gatehouse.gateway.snapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Holds the current {@link GatewaySnapshot} and keeps it fresh: a virtual thread reads the change-feed version every
 * poll interval (a one-row query) and rebuilds the snapshot when it moved, then swaps it in with one volatile write.
 * Requests read {@link #get()} and never wait. A store that cannot be read leaves the last snapshot in place
 * (warned at most every 30 s) — revocations made meanwhile cannot be seen by anyone anyway.
 */
public final class SnapshotRefresher implements Supplier<GatewaySnapshot>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SnapshotRefresher.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final SnapshotLoader loader;
    private final Duration poll;
    private final Thread thread;
    private volatile GatewaySnapshot current;
    private volatile boolean closed;
    private long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    /** Loads the first snapshot now (blocking) and starts polling. */
    public SnapshotRefresher(SnapshotLoader loader, Duration poll) {
        this.loader = loader;
        this.poll = poll;
        this.current = loader.load();
        this.thread = Thread.ofVirtual().name("gatehouse-snapshot").start(this::run);
    }


    @Override
    public GatewaySnapshot get() {
        return current;
    }

    /** Rebuilds now if the change feed moved (also used by the poll loop). */
    public synchronized void refresh() {
        if (loader.version() != current.version()) {
            current = loader.load();
        }
    }

    /** {@link #refresh()} for callers that must not fail because of it (the poll loop retries soon anyway). */
    public void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            warn(e);
        }
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(poll);
            } catch (InterruptedException e) {
                return;
            }
            refreshQuietly();
        }
    }

    private synchronized void warn(RuntimeException e) {
        long now = System.nanoTime();
        if (now - lastWarning >= WARN_EVERY_NANOS) {
            lastWarning = now;
            log.warn("Cannot refresh the gateway's keys and routes from the store; serving the last known ones: {}",
                    e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}

package io.gatehouse.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Takes records off the request path: {@link #record} is a non-blocking offer into a bounded queue, and one
 * background thread writes them to the {@link BatchSink} in batches (when a batch is full, or every flush interval).
 * When the store fails, the thread retries the batch with backoff while the queue keeps absorbing new records; once
 * the queue is full, further records are dropped and counted ({@code gatehouse_<name>_dropped_total}) — requests
 * never wait. {@link #close()} flushes everything still queued. A hard kill loses at most what is queued: one flush
 * interval of traffic (50 ms by default) plus the batch being written, and whatever piled up during a store outage. Used for usage records and for policy
 * violations and alerts; {@code name} keeps their meters, thread and log lines apart.
 */
public class BatchWriter<T> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long FILL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * Bounds what {@code kill -9} loses of what clients were already answered: a record waits at most this long, then
     * one commit, so 50 ms keeps the loss within about 100 ms even when a PostgreSQL commit (an fsync) is slow.
     * Shorter means more, smaller transactions: at most twenty a second per writer while traffic is light (under load
     * batches fill first); decision 0006 has the measurements.
     */
    static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(50);

    private final String name;
    private final BatchSink<T> sink;
    private final BlockingQueue<T> queue;
    private final int batchSize;
    private final long intervalNanos;
    private final Duration closeBudget;
    private final Thread flusher;
    private final Counter written;
    private final Counter dropped;
    private final Counter writeFailures;
    private final Timer flushTimer;
    private final AtomicLong lastDropWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private volatile boolean closing;

    /**
     * How much a writer holds and how often it writes.
     *
     * @param capacity      records queued at most (more are dropped and counted)
     * @param batchSize     records per write at most
     * @param flushInterval how long a record may wait for its batch to fill
     * @param closeBudget   how long {@link #close()} keeps retrying a failing store before dropping what is left
     */
    public record Limits(int capacity, int batchSize, Duration flushInterval, Duration closeBudget) {
        /** {@code <prefix>.queue.capacity}, {@code .batch.size}, {@code .flush.interval}, {@code .close.budget}. */
        public static Limits from(io.gatehouse.config.Settings settings, String prefix) {
            return new Limits(settings.getInt(prefix + ".queue.capacity", 100_000),
                    settings.getInt(prefix + ".batch.size", 500),
                    settings.getDuration(prefix + ".flush.interval", DEFAULT_FLUSH_INTERVAL),
                    settings.getDuration(prefix + ".close.budget", Duration.ofSeconds(10)));
        }
    }

    /** {@code name} in meter names ({@code gatehouse_<name>_…}) and the thread's name, e.g. {@code usage}. */
    public BatchWriter(String name, BatchSink<T> sink, Limits limits, MeterRegistry registry) {
        int capacity = limits.capacity();
        int batchSize = limits.batchSize();
        Duration flushInterval = limits.flushInterval();
        Duration closeBudget = limits.closeBudget();
        this.name = name;
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.intervalNanos = flushInterval.toNanos();
        this.closeBudget = closeBudget;
        String meter = "gatehouse_" + name + "_";
        this.written = Counter.builder(meter + "records_written").description("Records (" + name + ") written to the store").register(registry);
        this.dropped = Counter.builder(meter + "dropped").description("Records (" + name + ") lost because the queue was full or the store stayed down at shutdown").register(registry);
        this.writeFailures = Counter.builder(meter + "write_failures").description("Failed attempts to write a batch (" + name + ")").register(registry);
        this.flushTimer = Timer.builder(meter + "flush").description("Time to write one batch (" + name + ")").register(registry);
        Gauge.builder(meter + "queue_depth", queue, BlockingQueue::size).description("Records (" + name + ") waiting to be written").register(registry);
        this.flusher = Thread.ofPlatform().name("gatehouse-" + name + "-flusher").daemon().unstarted(this::run);
        flusher.start();
    }

    /** Queues a record without ever blocking; returns false (and counts a drop) when the queue is full or closed. */
    public boolean record(T record) {
        if (!closing && queue.offer(record)) {
            return true;
        }
        dropped.increment();
        long last = lastDropWarning.get();
        long now = System.nanoTime();
        if (now - last >= WARN_EVERY_NANOS && lastDropWarning.compareAndSet(last, now)) {
            log.warn("Queue full or closed: dropping {} records ({} dropped so far)", name, (long) dropped.count());
        }
        return false;
    }

    public int queueDepth() {
        return queue.size();
    }

    public long droppedCount() {
        return (long) dropped.count();
    }

    private void run() {
        List<T> batch = new ArrayList<>(batchSize);
        long cycleStart = System.nanoTime();
        while (true) {
            long deadline = cycleStart + intervalNanos;
            // Waits in short slices so close() is noticed without interrupting this thread: an interrupt
            // during a write could break the JDBC connection or the embedded database's file channel.
            // Only the first record of a batch is waited for on the queue; the rest are collected in sleeps of
            // FILL_NANOS, because a consumer waiting on the queue is woken by every offer, a system call on the
            // request path per record.
            while (batch.size() < batchSize && !closing) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    break;
                }
                if (batch.isEmpty()) {
                    T first = pollUninterruptibly(Math.min(remaining, WAKE_NANOS));
                    if (first != null) {
                        batch.add(first);
                    }
                } else {
                    LockSupport.parkNanos(Math.min(remaining, FILL_NANOS));
                }
                queue.drainTo(batch, batchSize - batch.size());
            }
            queue.drainTo(batch, batchSize - batch.size());
            // The next batch's interval counts from here, not from the end of this write: what arrives while a slow
            // write runs waits one interval in all (or only for the write), not the write's time plus an interval.
            cycleStart = System.nanoTime();
            if (!batch.isEmpty()) {
                writeWithRetry(batch);
                batch.clear();
            }
            if (closing && queue.isEmpty()) {
                return;
            }
        }
    }

    private void writeWithRetry(List<T> batch) {
        long backoffMillis = 100;
        long closeDeadline = Long.MAX_VALUE;
        while (true) {
            try {
                flushTimer.record(() -> {
                    try {
                        sink.write(batch);
                    } catch (Exception e) {
                        throw new SinkFailure(e);
                    }
                });
                written.increment(batch.size());
                return;
            } catch (SinkFailure e) {
                writeFailures.increment();
                log.warn("Writing {} {} records failed, retrying in {} ms: {}", batch.size(), name, backoffMillis, e.getCause().toString());
            }
            if (closing) {
                closeDeadline = Math.min(closeDeadline, System.nanoTime() + closeBudget.toNanos());
                if (System.nanoTime() >= closeDeadline) {
                    dropped.increment(batch.size());
                    log.error("Shutting down with the store unreachable: {} {} records lost", batch.size(), name);
                    return;
                }
            }
            sleepUninterruptibly(closing ? Math.min(backoffMillis, 100) : backoffMillis);
            backoffMillis = Math.min(backoffMillis * 2, 5000);
        }
    }

    private T pollUninterruptibly(long nanos) {
        try {
            return queue.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return null;
        }
    }

    private static void sleepUninterruptibly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            // Only close() could want us awake, and it does not interrupt.
        }
    }

    /** Stops accepting records and writes everything queued (retrying for at most the close budget). */
    @Override
    public void close() {
        closing = true;
        try {
            flusher.join(closeBudget.toMillis() + 10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class SinkFailure extends RuntimeException {
        SinkFailure(Exception cause) {
            super(cause);
        }
    }
}

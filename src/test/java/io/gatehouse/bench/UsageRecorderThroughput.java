package io.gatehouse.bench;

import io.gatehouse.config.Settings;
import io.gatehouse.testing.MigratedStore;
import io.gatehouse.usage.UsageRecord;
import io.gatehouse.usage.UsageRecorder;
import io.gatehouse.usage.UsageStore;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How many usage records per second the recorder writes into the store, roll-ups included, with the production
 * settings (batches of 500, queue of 100,000; arguments: records, producer threads, batch size), and how long {@code record()} — the only part on the request path —
 * takes meanwhile. Producer threads keep the queue fed (they pause while it is more than half full, so nothing is
 * dropped and the writer is never idle); records spread over 120 dimension combinations and the current minutes.
 * Runs on a fresh PostgreSQL database (the test server, {@code gatehouse.test.pgUrl}) unless
 * {@code -Dgatehouse.test.db=embedded}; {@code -Dbench.synchronous=FULL} sets {@code db.embedded.synchronous}.
 *
 * <p>With {@code -Dbench.rate=N} it instead records N records a second for {@code bench.seconds} (20) and prints
 * the flushes and the CPU time of the writer thread per second, the cost of a flush interval
 * ({@code -Dbench.interval}, default 50ms) at a traffic below saturation. See docs/performance.md and decision 0006.
 */
public final class UsageRecorderThroughput {
    private static final int CAPACITY = 100_000;
    private static final Duration INTERVAL = Duration.ofMillis(50);

    private UsageRecorderThroughput() {
    }

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int producers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int batchSize = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        System.setProperty("gatehouse.test.db", System.getProperty("gatehouse.test.db", "postgres"));
        System.setProperty("gatehouse.test.requirePostgres", "true");
        Map<String, String> settings = System.getProperty("bench.synchronous") == null ? Map.of()
                : Map.of("db.embedded.synchronous", System.getProperty("bench.synchronous"));
        try (MigratedStore store = MigratedStore.create(settings)) {
            System.out.printf("store: %s %s%n", store.database().engine(), settings);
            if (System.getProperty("bench.rate") != null) {
                paced(store, Integer.getInteger("bench.rate"), Integer.getInteger("bench.seconds", 20),
                        Settings.of(Map.of("i", System.getProperty("bench.interval", "50ms"))).getDuration("i", INTERVAL));
                return;
            }
            run(store, 50_000, producers, batchSize, "warm-up");
            Result r = run(store, total, producers, batchSize, "measured");
            long stored = store.number("SELECT SUM(api_calls) FROM usage_minute");
            System.out.printf("roll-ups hold %d calls (expected %d)%n", stored, 50_000L + total);
            System.out.printf("RESULT %.0f records/s; record() max %.1f µs, %d of %d calls over 100 µs%n",
                    r.perSecond, r.maxRecordNanos / 1000.0, r.slowCalls, total);
        }
    }

    private record Result(double perSecond, long maxRecordNanos, long slowCalls) {
    }

    private static Result run(MigratedStore store, int total, int producers, int batchSize, String label) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        UsageRecorder recorder = new UsageRecorder(new UsageStore(store.database().jdbi()),
                CAPACITY, batchSize, INTERVAL, Duration.ofSeconds(30), registry);
        AtomicLong maxNanos = new AtomicLong();
        AtomicLong slow = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int p = 0; p < producers; p++) {
            int share = total / producers + (p < total % producers ? 1 : 0);
            int seed = p;
            threads.add(Thread.ofPlatform().start(() -> produce(recorder, share, seed, maxNanos, slow)));
        }
        for (Thread t : threads) {
            t.join();
        }
        while (registry.get("gatehouse_usage_records_written").counter().count() < total) {
            if (recorder.droppedCount() > 0) {
                throw new IllegalStateException("records were dropped");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        recorder.close();
        Timer flush = registry.get("gatehouse_usage_flush").timer();
        System.out.printf("%s: %d records in %.2f s = %.0f records/s; %d flushes, mean %.1f ms, max %.1f ms%n", label, total,
                seconds, total / seconds, flush.count(), flush.mean(TimeUnit.MILLISECONDS), flush.max(TimeUnit.MILLISECONDS));
        return new Result(total / seconds, maxNanos.get(), slow.get());
    }

    /** N records a second for a while: how many flushes, and how much CPU the writer thread spends per second. */
    private static void paced(MigratedStore store, int rate, int seconds, Duration interval) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        UsageRecorder recorder = new UsageRecorder(new UsageStore(store.database().jdbi()),
                CAPACITY, 500, interval, Duration.ofSeconds(30), registry);
        Thread writer = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("gatehouse-usage-flusher")).findFirst().orElseThrow();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getThreadCpuTime(writer.threadId());
        long started = System.nanoTime();
        long periodNanos = 1_000_000_000L / rate;
        for (long i = 0; i < (long) rate * seconds; i++) {
            LockSupport.parkNanos(started + i * periodNanos - System.nanoTime());
            recorder.record(record((int) i));
        }
        long cpu = threads.getThreadCpuTime(writer.threadId()) - cpu0;
        recorder.close();
        Timer flush = registry.get("gatehouse_usage_flush").timer();
        System.out.printf("RESULT paced %d records/s for %d s, flush interval %d ms: %d flushes (%.1f/s), mean %.1f ms;"
                        + " writer CPU %.1f ms per second%n", rate, seconds, interval.toMillis(), flush.count(),
                flush.count() / (double) seconds, flush.mean(TimeUnit.MILLISECONDS), cpu / 1e6 / seconds);
    }

    private static void produce(UsageRecorder recorder, int count, int seed, AtomicLong maxNanos, AtomicLong slow) {
        long max = 0;
        long slowCalls = 0;
        for (int i = 0; i < count; i++) {
            while (recorder.queueDepth() > CAPACITY / 2) {
                LockSupport.parkNanos(100_000);
            }
            UsageRecord r = record(seed * 1_000_003 + i);
            long t0 = System.nanoTime();
            if (!recorder.record(r)) {
                throw new IllegalStateException("record() refused a record");
            }
            long took = System.nanoTime() - t0;
            max = Math.max(max, took);
            if (took > 100_000) {
                slowCalls++;
            }
        }
        long m = max;
        maxNanos.accumulateAndGet(m, Math::max);
        slow.addAndGet(slowCalls);
    }

    /** 20 repositories × 3 models × 2 keys, as a busy organization might have. */
    private static UsageRecord record(int n) {
        int repo = n % 20;
        int model = (n / 20) % 3;
        int key = (n / 60) % 2;
        return new UsageRecord(Instant.now(), "org-bench", "ws-" + (repo % 4), "repo-" + repo, "llm-" + model,
                "key-" + repo + "-" + key, "OPENAI", "model-" + model, "api.example.test",
                100 + n % 50, 200 + n % 70, n % 5 == 0 ? 30 : 0, n % 5 == 0 ? 5 : 0, 200, "ok", n % 2 == 0, 250 + n % 500,
                n % 50 == 0 ? 1 : 0, n % 100 == 0 ? 1 : 0, 0, n % 50 == 0 ? 1 : 0, 0, 0, 0, 0, 42L, "bench", "bench-" + n, null, null);
    }
}

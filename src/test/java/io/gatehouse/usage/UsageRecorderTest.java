package io.gatehouse.usage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class UsageRecorderTest {

    static UsageRecord record(int n) {
        return new UsageRecord(Instant.now(), "org", "ws", "repo", "llm", "key", "OPENAI", "gpt-x", "api.openai.com",
                n, 2 * n, 0, 0, 200, "ok", false, 5, 0, 0, 0, 0, 0, 0, 0, 0, null, null, null, null, null);
    }

    /** A sink that keeps every batch it was given. */
    static final class Capturing implements UsageSink {
        final List<List<UsageRecord>> batches = Collections.synchronizedList(new ArrayList<>());
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicInteger attempts = new AtomicInteger();

        @Override
        public void write(List<UsageRecord> batch) throws Exception {
            attempts.incrementAndGet();
            if (down.get()) {
                throw new java.sql.SQLException("store down");
            }
            batches.add(List.copyOf(batch));
        }

        int total() {
            synchronized (batches) {
                return batches.stream().mapToInt(List::size).sum();
            }
        }
    }

    @Test
    void writesFullBatchesBySizeAndTheRestByInterval() {
        Capturing sink = new Capturing();
        try (UsageRecorder recorder = new UsageRecorder(sink, 10_000, 100, Duration.ofMillis(200), Duration.ofSeconds(2), new SimpleMeterRegistry())) {
            for (int i = 0; i < 250; i++) {
                assertThat(recorder.record(record(i))).isTrue();
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> sink.total() == 250);
            assertThat(sink.batches).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(100));
            assertThat(sink.batches.size()).isLessThanOrEqualTo(5);
        }
    }

    /**
     * What arrives while a slow write runs is written as soon as that write ends once it has waited an interval, not
     * an interval after the slow write: the loss window of a hard kill stays one interval plus one write.
     */
    @Test
    void recordsQueuedDuringASlowWriteDoNotWaitAnotherInterval() throws Exception {
        Duration interval = Duration.ofSeconds(2);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Long> writtenAt = Collections.synchronizedList(new ArrayList<>());
        UsageSink slowFirst = batch -> {
            writing.countDown();
            release.await();
            writtenAt.add(System.nanoTime());
        };
        try (UsageRecorder recorder = new UsageRecorder(slowFirst, 10_000, 500, interval, Duration.ofSeconds(2), new SimpleMeterRegistry())) {
            recorder.record(record(1));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();
            long firstWriteStarted = System.nanoTime();
            recorder.record(record(2));
            // The first write outlasts the interval.
            await().atMost(10, TimeUnit.SECONDS).until(() -> System.nanoTime() - firstWriteStarted > interval.toNanos());
            release.countDown();
            await().atMost(10, TimeUnit.SECONDS).until(() -> writtenAt.size() == 2);
            assertThat(Duration.ofNanos(writtenAt.get(1) - writtenAt.get(0))).isLessThan(interval.dividedBy(2));
        }
    }

    @Test
    void closeFlushesEverythingQueued() {
        Capturing sink = new Capturing();
        UsageRecorder recorder = new UsageRecorder(sink, 10_000, 500, Duration.ofSeconds(30), Duration.ofSeconds(2), new SimpleMeterRegistry());
        for (int i = 0; i < 1234; i++) {
            recorder.record(record(i));
        }
        recorder.close();
        assertThat(sink.total()).isEqualTo(1234);
        assertThat(recorder.record(record(0))).as("closed recorders refuse").isFalse();
    }

    @Test
    void aStoreOutageIsRetriedWithoutLosingRecords() {
        Capturing sink = new Capturing();
        sink.down.set(true);
        try (UsageRecorder recorder = new UsageRecorder(sink, 10_000, 50, Duration.ofMillis(50), Duration.ofSeconds(2), new SimpleMeterRegistry())) {
            for (int i = 0; i < 120; i++) {
                recorder.record(record(i));
            }
            await().atMost(5, TimeUnit.SECONDS).until(() -> sink.attempts.get() >= 3);
            assertThat(sink.total()).isZero();
            sink.down.set(false);
            await().atMost(10, TimeUnit.SECONDS).until(() -> sink.total() == 120);
            assertThat(recorder.droppedCount()).isZero();
        }
    }

    @Test
    void aFullQueueDropsAndCountsButNeverBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        UsageSink stuck = batch -> release.await();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        UsageRecorder recorder = new UsageRecorder(stuck, 100, 10, Duration.ofMillis(10), Duration.ofMillis(200), registry);
        long started = System.nanoTime();
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            if (recorder.record(record(i))) {
                accepted++;
            }
        }
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(tookMillis).as("record() must not wait on the store").isLessThan(1000);
        assertThat(accepted).isBetween(100, 110);
        assertThat(recorder.droppedCount()).isEqualTo(1000 - accepted);
        assertThat(registry.get("gatehouse_usage_dropped").counter().count()).isEqualTo(1000 - accepted);
        release.countDown();
        recorder.close();
    }

    @Test
    void aStoreStillDownAtShutdownLosesOnlyAfterTheBudgetAndCountsIt() {
        Capturing sink = new Capturing();
        sink.down.set(true);
        UsageRecorder recorder = new UsageRecorder(sink, 1000, 100, Duration.ofSeconds(10), Duration.ofMillis(300), new SimpleMeterRegistry());
        for (int i = 0; i < 30; i++) {
            recorder.record(record(i));
        }
        recorder.close();
        assertThat(recorder.droppedCount()).isEqualTo(30);
        assertThat(sink.attempts.get()).isGreaterThanOrEqualTo(2);
    }
}

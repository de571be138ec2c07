package io.gatehouse.store;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;
import io.gatehouse.testing.MigratedStore;
import io.gatehouse.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The embedded SQLite store's own promises (PostgreSQL keeps these its own way). */
class EmbeddedStoreTest {

    @BeforeEach
    void embeddedOnly() {
        assumeFalse(TestDatabase.postgres(), "concerns the embedded store");
    }

    @Test
    void theStoreAndItsLogFilesAreReadableByTheirOwnerOnly() throws Exception {
        try (MigratedStore store = MigratedStore.create()) {
            // A write, so that the write-ahead log exists.
            store.database().jdbi().useHandle(ChangeFeed::bump);
            assertThat(Database.embeddedFiles(store.dataDir())).hasSize(3).allSatisfy(file ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                            .isEqualTo("rw-------"));
        }
    }

    @Test
    void readThenWriteTransactionsRunOneAfterAnotherInsteadOfFailingBusy() throws Exception {
        try (MigratedStore store = MigratedStore.create()) {
            var jdbi = store.database().jdbi();
            long start = ChangeFeed.version(jdbi);
            int threads = 8;
            int rounds = 25;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Void>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit((Callable<Void>) () -> {
                        for (int i = 0; i < rounds; i++) {
                            // Read, then write what was read plus one: a deferred transaction would fail with
                            // SQLITE_BUSY when another one wrote in between; an immediate one waits its turn.
                            jdbi.useTransaction(h -> {
                                long version = h.createQuery("SELECT version FROM change_feed WHERE id = 1").mapTo(Long.class).one();
                                Thread.yield();
                                h.createUpdate("UPDATE change_feed SET version = :v WHERE id = 1").bind("v", version + 1).execute();
                            });
                        }
                        return null;
                    }));
                }
                for (Future<Void> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertThat(ChangeFeed.version(jdbi)).isEqualTo(start + (long) threads * rounds);
        }
    }

    /**
     * SQLite's own busy handler would try again 88 ms after a lock held for 240 ms was released (its sleeps grow to
     * 100 ms); the store's tries every half millisecond.
     */
    @Test
    void aWaitingWriterGetsTheLockAsSoonAsItIsFree() throws Exception {
        try (MigratedStore store = MigratedStore.create()) {
            var jdbi = store.database().jdbi();
            CountDownLatch holding = new CountDownLatch(1);
            AtomicLong released = new AtomicLong();
            Thread holder = Thread.ofPlatform().start(() -> jdbi.useTransaction(h -> {
                ChangeFeed.bump(h);
                holding.countDown();
                LockSupport.parkNanos(Duration.ofMillis(240).toNanos());
                released.set(System.nanoTime());
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
            jdbi.useTransaction(ChangeFeed::bump);
            Duration late = Duration.ofNanos(System.nanoTime() - released.get());
            holder.join();
            assertThat(late).isLessThan(Duration.ofMillis(50));
        }
    }

    @Test
    void timestampsAreFixedWidthUtcTextThatComparesInTimeOrder() throws Exception {
        try (MigratedStore store = MigratedStore.create()) {
            var jdbi = store.database().jdbi();
            Instant whole = Instant.parse("2026-03-01T10:00:00Z");
            Instant justBefore = Instant.parse("2026-03-01T09:59:59.999999Z");
            Instant nanos = Instant.parse("2026-03-01T10:00:00.123456789Z");
            for (Instant ts : List.of(whole, justBefore, nanos)) {
                jdbi.useHandle(h -> h.createUpdate("INSERT INTO system_event (ts, org_id, context, event) VALUES (:ts, 'o', 'c', 'e')")
                        .bind("ts", ts).execute());
            }
            List<String> stored = jdbi.withHandle(h -> h.createQuery("SELECT ts FROM system_event ORDER BY ts").mapTo(String.class).list());
            assertThat(stored).containsExactly("2026-03-01T09:59:59.999999Z", "2026-03-01T10:00:00.000000Z",
                    "2026-03-01T10:00:00.123456Z");
            long before = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM system_event WHERE ts < :cutoff")
                    .bind("cutoff", whole).mapTo(Long.class).one());
            assertThat(before).isEqualTo(1);
            Instant newest = jdbi.withHandle(h -> h.createQuery("SELECT ts FROM system_event ORDER BY ts DESC")
                    .map((rs, ctx) -> Columns.instant(rs, "ts")).first());
            assertThat(newest).isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
        }
    }

    @Test
    void aDatabaseUrlOtherThanPostgresqlIsRefused() {
        // An earlier version accepted H2 URLs.
        assertThatThrownBy(() -> new GatehouseConfig(Settings.of(Map.of("db.url", "jdbc:h2:mem:x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("must be a PostgreSQL URL");
    }

    @Test
    void onlyNormalOrFullSynchronousIsAccepted() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            Map<String, String> settings = new java.util.HashMap<>(db.settings());
            settings.put("db.embedded.synchronous", "OFF");
            assertThatThrownBy(() -> Database.open(new GatehouseConfig(Settings.of(settings))))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("NORMAL or FULL");
        }
    }
}

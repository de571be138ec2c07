package io.gatehouse.usage;

import io.gatehouse.testing.MigratedStore;
import io.gatehouse.testing.MovableClock;
import io.gatehouse.testing.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Usage past its retention goes, in small batches, each kind of row after its own age limit. */
@Tag("db")
class UsageRetentionTest {
    static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @Test
    void eachTableKeepsItsOwnRetentionAndDeletesInBatches() {
        try (MigratedStore store = MigratedStore.create()) {
            UsageStore usage = new UsageStore(store.database().jdbi());
            List<UsageRecord> records = new ArrayList<>();
            // 23 events 10 days old in 23 different minutes, 2 events 1 hour old; day buckets 10 days and 500 days old.
            for (int i = 0; i < 23; i++) {
                records.add(Usage.at(NOW.minus(Duration.ofDays(10)).plusSeconds(60L * i)).build());
            }
            records.add(Usage.at(NOW.minus(Duration.ofHours(1))).build());
            records.add(Usage.at(NOW.minus(Duration.ofHours(1))).build());
            records.add(Usage.at(NOW.minus(Duration.ofDays(500))).build());
            usage.write(records);
            assertThat(store.number("SELECT COUNT(*) FROM usage_event")).isEqualTo(26);
            assertThat(store.number("SELECT COUNT(*) FROM usage_minute")).isEqualTo(25);
            assertThat(store.number("SELECT COUNT(*) FROM usage_day")).isEqualTo(3);

            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            UsageRetention retention = new UsageRetention(store.database().jdbi(), store.database().engine(),
                    Clock.fixed(NOW, ZoneOffset.UTC),
                    new UsageRetention.Policy(Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(8), Duration.ofDays(400), Duration.ofDays(30), 5), registry);
            Map<String, Long> deleted = retention.runOnce();
            retention.close();

            assertThat(deleted).containsEntry("usage_event", 24L).containsEntry("usage_minute", 24L).containsEntry("usage_day", 1L);
            // Hour buckets live 8 days: those of ten and 500 days ago go, the one of an hour ago stays.
            assertThat(store.number("SELECT COUNT(*) FROM usage_hour")).isEqualTo(1);
            assertThat(store.number("SELECT SUM(api_calls) FROM usage_hour")).isEqualTo(2);
            assertThat(store.number("SELECT COUNT(*) FROM usage_event")).isEqualTo(2);
            assertThat(store.number("SELECT COUNT(*) FROM usage_minute")).isEqualTo(1);
            assertThat(store.number("SELECT SUM(api_calls) FROM usage_minute")).isEqualTo(2);
            // The day buckets of ten days ago and of today stay (400 days), the one of 500 days ago goes.
            assertThat(store.number("SELECT COUNT(*) FROM usage_day")).isEqualTo(2);
            assertThat(store.number("SELECT SUM(api_calls) FROM usage_day")).isEqualTo(25);
            assertThat(registry.get("gatehouse_usage_retention_deleted").tag("table", "usage_event").counter().count()).isEqualTo(24);
        }
    }

    @Test
    void aSecondRunDeletesOnlyWhatAgedSinceAndTheJobRunsOnItsOwn() {
        try (MigratedStore store = MigratedStore.create()) {
            UsageStore usage = new UsageStore(store.database().jdbi());
            usage.write(List.of(Usage.at(NOW.minus(Duration.ofDays(6))).build(), Usage.at(NOW).build()));
            MovableClock clock = new MovableClock(NOW);
            UsageRetention.Policy policy = new UsageRetention.Policy(Duration.ofDays(7), Duration.ofDays(7), Duration.ofDays(8), Duration.ofDays(400), Duration.ofDays(30), 5000);
            try (UsageRetention retention = new UsageRetention(store.database().jdbi(), store.database().engine(), clock,
                    policy, new SimpleMeterRegistry())) {
                assertThat(retention.runOnce().get("usage_event")).isZero();
                clock.set(NOW.plus(Duration.ofDays(2)));
                retention.start(Duration.ofMillis(50));
                await().atMost(10, TimeUnit.SECONDS).until(() -> store.number("SELECT COUNT(*) FROM usage_event") == 1);
                assertThat(store.number("SELECT COUNT(*) FROM usage_minute")).isEqualTo(1);
            }
        }
    }
}

package io.gatehouse.usage;

import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.Usage;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records handed to a running node's recorder land in the store and its roll-ups (both engines), /metrics shows
 * the recorder, and the node's retention job removes what is too old.
 */
@Tag("db")
class UsageStoreTest {

    @Test
    void recordsReachTheStoreAndTheMetrics() throws Exception {
        try (TestServer server = TestServer.start()) {
            UsageRecorder recorder = server.node().usageRecorder();
            for (int i = 1; i <= 25; i++) {
                recorder.record(UsageRecorderTest.record(i));
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> sum(server, "SELECT COUNT(*) FROM usage_event") == 25);
            assertThat(sum(server, "SELECT SUM(tokens_in) FROM usage_event")).isEqualTo(325);
            assertThat(sum(server, "SELECT SUM(tokens_out) FROM usage_event")).isEqualTo(650);
            assertThat(sum(server, "SELECT SUM(api_calls) FROM usage_minute")).isEqualTo(25);
            assertThat(sum(server, "SELECT SUM(tokens_in) FROM usage_day")).isEqualTo(325);

            String metrics = server.admin().get("/metrics").body();
            assertThat(metrics).contains("gatehouse_usage_records_written_total 25.0")
                    .contains("gatehouse_usage_queue_depth")
                    .contains("jvm_memory_used_bytes");
        }
    }

    @Test
    void theNodeDeletesUsagePastItsRetention() throws Exception {
        try (TestServer server = TestServer.start(Map.of("usage.retention.interval", "100ms", "usage.retention.events", "1h",
                "usage.retention.minute", "1h"))) {
            UsageRecorder recorder = server.node().usageRecorder();
            recorder.record(Usage.at(Instant.now().minus(Duration.ofHours(2))).build());
            recorder.record(Usage.at(Instant.now()).build());
            await().atMost(10, TimeUnit.SECONDS).until(() -> sum(server, "SELECT SUM(api_calls) FROM usage_day") == 2);
            await().atMost(10, TimeUnit.SECONDS).until(() -> sum(server, "SELECT COUNT(*) FROM usage_event") == 1
                    && sum(server, "SELECT COUNT(*) FROM usage_minute") == 1);
            assertThat(server.admin().get("/metrics").body()).contains("gatehouse_usage_retention_deleted_total{table=\"usage_event\"} 1.0");
        }
    }

    private static long sum(TestServer server, String sql) throws Exception {
        try (Connection c = server.database().connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

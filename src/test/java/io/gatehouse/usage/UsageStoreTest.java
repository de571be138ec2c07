package io.gatehouse.usage;

import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Records handed to a running node's recorder land in the store (both engines), and /metrics shows the recorder. */
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

            String metrics = server.admin().get("/metrics").body();
            assertThat(metrics).contains("gatehouse_usage_records_written_total 25.0")
                    .contains("gatehouse_usage_queue_depth")
                    .contains("jvm_memory_used_bytes");
        }
    }

    private static long sum(TestServer server, String sql) throws Exception {
        try (Connection c = server.database().connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}

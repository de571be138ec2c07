package io.gatehouse.usage;

import io.gatehouse.testing.MigratedStore;
import io.gatehouse.testing.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The minute and day roll-ups the usage store keeps beside the events, on both engines. */
@Tag("db")
class RollupTest {
    MigratedStore store;
    UsageStore usage;

    @BeforeEach
    void open() {
        store = MigratedStore.create();
        usage = new UsageStore(store.database().jdbi());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Map<String, Object> row(Bucket bucket, String bucketStart, String repo) {
        return store.database().jdbi().withHandle(h -> h.createQuery("SELECT * FROM " + Rollup.USAGE.table(bucket)
                        + " WHERE bucket_start = :start AND repo_id = :repo")
                .bind("start", java.time.OffsetDateTime.parse(bucketStart))
                .bind("repo", repo)
                .mapToMap().one());
    }

    private long number(Object value) {
        return ((Number) value).longValue();
    }

    @Test
    void attributedRequestsAreAlsoRolledUpPerUserAndPerConversation() {
        usage.write(List.of(
                Usage.at("2026-01-15T10:00:01Z").tokens(1, 2).attributed("alice", "c1").build(),
                Usage.at("2026-01-15T10:00:02Z").tokens(10, 20).attributed("alice", "c2").build(),
                Usage.at("2026-01-15T10:00:03Z").tokens(100, 200).attributed(null, "c2").build(),
                Usage.at("2026-01-15T10:00:04Z").tokens(1000, 2000).build()));
        usage.write(List.of(Usage.at("2026-01-15T18:00:00Z").tokens(10000, 20000).attributed("alice", null).build()));

        // Everything in the usage roll-up, as before.
        assertThat(number(row(Bucket.DAY, "2026-01-15T00:00:00Z", "repo").get("tokens_in"))).isEqualTo(11111);
        // Per user: only requests that named one, summed across batches.
        var users = store.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT user_id, api_calls, tokens_in FROM " + Rollup.USER.table(Bucket.DAY) + " ORDER BY user_id").mapToMap().list());
        assertThat(users).hasSize(1);
        assertThat(users.getFirst()).containsEntry("user_id", "alice");
        assertThat(number(users.getFirst().get("api_calls"))).isEqualTo(3);
        assertThat(number(users.getFirst().get("tokens_in"))).isEqualTo(10011);
        // Per conversation: requests that named a user or a conversation, '' for the one they did not name.
        var conversations = store.database().jdbi().withHandle(h -> h.createQuery(
                "SELECT user_id, conversation_id, tokens_in FROM " + Rollup.CONVERSATION.table(Bucket.MINUTE)
                        + " ORDER BY bucket_start, user_id, conversation_id").mapToMap().list());
        assertThat(conversations).extracting(r -> r.get("user_id") + "/" + r.get("conversation_id") + "=" + number(r.get("tokens_in")))
                .containsExactly("/c2=100", "alice/c1=1", "alice/c2=10", "alice/=10000");
    }

    @Test
    void recordsLandInTheMinuteAndDayOfTheirTimestamp() {
        usage.write(List.of(
                Usage.at("2026-01-15T10:59:59.999Z").tokens(1, 2).build(),
                Usage.at("2026-01-15T11:00:00Z").tokens(10, 20).build(),
                Usage.at("2026-01-15T11:00:59Z").tokens(100, 200).latency(300).build(),
                Usage.at("2026-01-15T23:59:59Z").tokens(1000, 2000).build(),
                Usage.at("2026-01-16T00:00:00Z").tokens(10000, 20000).build()));

        assertThat(store.number("SELECT COUNT(*) FROM usage_event")).isEqualTo(5);
        assertThat(store.number("SELECT COUNT(*) FROM usage_minute")).isEqualTo(4);
        Map<String, Object> eleven = row(Bucket.MINUTE, "2026-01-15T11:00:00Z", "repo");
        assertThat(number(eleven.get("api_calls"))).isEqualTo(2);
        assertThat(number(eleven.get("tokens_in"))).isEqualTo(110);
        assertThat(number(eleven.get("tokens_out"))).isEqualTo(220);
        assertThat(number(eleven.get("latency_ms_sum"))).isEqualTo(400);
        assertThat(number(row(Bucket.MINUTE, "2026-01-15T10:59:00Z", "repo").get("tokens_in"))).isEqualTo(1);

        assertThat(store.number("SELECT COUNT(*) FROM usage_day")).isEqualTo(2);
        Map<String, Object> day = row(Bucket.DAY, "2026-01-15T00:00:00Z", "repo");
        assertThat(number(day.get("api_calls"))).isEqualTo(4);
        assertThat(number(day.get("tokens_in"))).isEqualTo(1111);
        assertThat(number(row(Bucket.DAY, "2026-01-16T00:00:00Z", "repo").get("tokens_out"))).isEqualTo(20000);
    }

    @Test
    void eachDimensionCombinationHasItsOwnRowAndLaterBatchesAddToIt() {
        String t = "2026-01-15T10:00:10Z";
        List<UsageRecord> batch = List.of(
                Usage.at(t).dims("r1", "llm-a", "k1").model("OPENAI", "gpt-4o", "api.openai.com").build(),
                Usage.at(t).dims("r1", "llm-a", "k2").model("OPENAI", "gpt-4o", "api.openai.com").build(),
                Usage.at(t).dims("r1", "llm-a", "k1").model("OPENAI", "gpt-4o-mini", "api.openai.com").build(),
                Usage.at(t).dims("r1", "llm-b", "k1").model("ANTHROPIC", "claude-x", "api.anthropic.com").build(),
                Usage.at(t).dims("r2", "llm-a", "k3").model("OPENAI", "gpt-4o", "api.openai.com").build(),
                Usage.at(t).dims("r1", "llm-a", "k1").model("OPENAI", "gpt-4o", "eu.api.openai.com").build());
        usage.write(batch);
        assertThat(store.number("SELECT COUNT(*) FROM usage_minute")).isEqualTo(6);
        assertThat(store.number("SELECT COUNT(*) FROM usage_day")).isEqualTo(6);

        usage.write(List.of(
                Usage.at("2026-01-15T10:00:50Z").dims("r1", "llm-a", "k1").model("OPENAI", "gpt-4o", "api.openai.com")
                        .tokens(5, 6).judgeTokens(7, 8).policy(3, 2, 1, 1, 1, 1).build()));
        assertThat(store.number("SELECT COUNT(*) FROM usage_minute")).isEqualTo(6);
        Map<String, Object> r = store.database().jdbi().withHandle(h -> h.createQuery("""
                        SELECT * FROM usage_minute WHERE repo_id = 'r1' AND api_key_id = 'k1' AND llm_model = 'gpt-4o'
                        AND host = 'api.openai.com'""").mapToMap().one());
        assertThat(number(r.get("api_calls"))).isEqualTo(2);
        assertThat(number(r.get("tokens_in"))).isEqualTo(15);
        assertThat(number(r.get("tokens_out"))).isEqualTo(26);
        assertThat(number(r.get("llm_tokens_in"))).isEqualTo(7);
        assertThat(number(r.get("llm_tokens_out"))).isEqualTo(8);
        assertThat(number(r.get("policy_violations"))).isEqualTo(3);
        assertThat(number(r.get("alerts"))).isEqualTo(2);
        assertThat(number(r.get("blocks"))).isEqualTo(1);
        assertThat(number(r.get("severity_low")) + number(r.get("severity_medium")) + number(r.get("severity_high"))).isEqualTo(3);
    }

    @Test
    void aRequestThatNeverReachedAConfigurationIsCountedUnderEmptyDimensions() {
        UsageRecord unrouted = new UsageRecord(Instant.parse("2026-01-15T10:00:00Z"), "org", "ws", "repo", null, "key",
                null, null, null, 0, 0, 0, 0, 404, "client_error", false, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0L, null, null, null, null);
        usage.write(List.of(unrouted, unrouted));
        Map<String, Object> r = row(Bucket.MINUTE, "2026-01-15T10:00:00Z", "repo");
        assertThat(r.get("ai_llm_id")).isEqualTo("");
        assertThat(r.get("llm_type")).isEqualTo("");
        assertThat(r.get("llm_model")).isEqualTo("");
        assertThat(r.get("host")).isEqualTo("");
        assertThat(number(r.get("api_calls"))).isEqualTo(2);
        assertThat(store.number("SELECT COUNT(*) FROM usage_event WHERE ai_llm_id IS NULL")).isEqualTo(2);
    }

    /**
     * Two recorders (as two nodes) flushing overlapping rows at once add up exactly, with no deadlock or loss.
     */
    @Test
    void concurrentRecordersAddUpExactly() throws Exception {
        int perProducer = 3000;
        int producers = 4;
        List<String> repos = List.of("r1", "r2", "r3");
        List<String> models = List.of("m1", "m2");
        Instant base = Instant.parse("2026-01-15T10:00:00Z");
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        UsageRecorder a = new UsageRecorder(usage, 100_000, 200, Duration.ofMillis(20), Duration.ofSeconds(30), registry);
        UsageRecorder b = new UsageRecorder(new UsageStore(store.database().jdbi()),
                100_000, 150, Duration.ofMillis(20), Duration.ofSeconds(30), new SimpleMeterRegistry());
        ExecutorService pool = Executors.newFixedThreadPool(producers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            UsageRecorder target = p % 2 == 0 ? a : b;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < perProducer; i++) {
                    // Three minutes, every repo and model: both nodes hit the same roll-up rows all the time.
                    UsageRecord r = Usage.at(base.plusSeconds(i % 180)).dims(repos.get(i % 3), "llm", "key")
                            .model("OPENAI", models.get(i % 2), "h").tokens(i % 7, 1).build();
                    if (!target.record(r)) {
                        throw new AssertionError("dropped");
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        a.close();
        b.close();
        pool.shutdown();

        long n = (long) perProducer * producers;
        long tokensIn = producers * java.util.stream.IntStream.range(0, perProducer).mapToLong(i -> i % 7).sum();
        assertThat(a.droppedCount() + b.droppedCount()).isZero();
        assertThat(store.number("SELECT COUNT(*) FROM usage_event")).isEqualTo(n);
        for (Bucket bucket : Bucket.values()) {
            assertThat(store.number("SELECT SUM(api_calls) FROM " + Rollup.USAGE.table(bucket))).as(Rollup.USAGE.table(bucket)).isEqualTo(n);
            assertThat(store.number("SELECT SUM(tokens_in) FROM " + Rollup.USAGE.table(bucket))).as(Rollup.USAGE.table(bucket)).isEqualTo(tokensIn);
            assertThat(store.number("SELECT SUM(tokens_out) FROM " + Rollup.USAGE.table(bucket))).as(Rollup.USAGE.table(bucket)).isEqualTo(n);
        }
        assertThat(store.number("SELECT COUNT(*) FROM usage_minute")).isEqualTo(3 * 3 * 2);
        assertThat(store.number("SELECT COUNT(*) FROM usage_day")).isEqualTo(3 * 2);
    }
}

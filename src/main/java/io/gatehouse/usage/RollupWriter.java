package io.gatehouse.usage;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Adds a batch of usage records to the minute, hour and day roll-ups: the batch is first summed in memory per
 * (bucket, dimensions), then each group is one upsert adding its counters to the stored row:
 * {@code INSERT … ON CONFLICT … DO UPDATE SET x = t.x + EXCLUDED.x}, which PostgreSQL and SQLite both speak and which
 * stays correct when several nodes write the same rows at once. Groups are written in primary-key order so concurrent
 * writers lock rows in the same order and cannot deadlock (SQLite has one writer at a time anyway).
 */
final class RollupWriter {
    static final List<String> DIMENSIONS = List.of("bucket_start", "org_id", "workspace_id", "repo_id", "ai_llm_id",
            "api_key_id", "llm_type", "llm_model", "host");
    static final List<String> COUNTERS = List.of("api_calls", "tokens_in", "tokens_out", "llm_tokens_in", "llm_tokens_out",
            "policy_violations", "alerts", "blocks", "severity_low", "severity_medium", "severity_high", "latency_ms_sum",
            "cached_tokens", "cache_write_tokens", "cost_micros", "unpriced_calls");
    private static final List<String> COLUMNS = concat(DIMENSIONS, COUNTERS);

    private final Map<Bucket, String> upserts = new EnumMap<>(Bucket.class);

    RollupWriter() {
        for (Bucket bucket : Bucket.values()) {
            upserts.put(bucket, upsert(bucket.table()));
        }
    }

    /** Sums the batch per roll-up row, in primary-key order. */
    static Map<RollupKey, RollupCounters> aggregate(List<UsageRecord> batch, Bucket bucket) {
        Map<RollupKey, RollupCounters> groups = new TreeMap<>(RollupKey.ORDER);
        for (UsageRecord r : batch) {
            groups.computeIfAbsent(RollupKey.of(bucket, r), k -> new RollupCounters()).add(r);
        }
        return groups;
    }

    /** Adds the batch to every roll-up table, inside the caller's transaction. */
    void write(Handle h, List<UsageRecord> batch) {
        for (Bucket bucket : Bucket.values()) {
            PreparedBatch upsert = h.prepareBatch(upserts.get(bucket));
            for (Map.Entry<RollupKey, RollupCounters> group : aggregate(batch, bucket).entrySet()) {
                bind(upsert, group.getKey(), group.getValue());
                upsert.add();
            }
            upsert.execute();
        }
    }

    private static void bind(PreparedBatch upsert, RollupKey k, RollupCounters c) {
        upsert.bind(0, OffsetDateTime.ofInstant(k.bucketStart(), ZoneOffset.UTC))
                .bind(1, k.orgId()).bind(2, k.workspaceId()).bind(3, k.repoId()).bind(4, k.aiLlmId())
                .bind(5, k.apiKeyId()).bind(6, k.llmType()).bind(7, k.llmModel()).bind(8, k.host());
        long[] values = c.values();
        for (int i = 0; i < values.length; i++) {
            upsert.bind(DIMENSIONS.size() + i, values[i]);
        }
    }

    private static String upsert(String table) {
        return "INSERT INTO " + table + " AS t (" + String.join(", ", COLUMNS) + ") VALUES (" + placeholders() + ")"
                + " ON CONFLICT (" + String.join(", ", primaryKey()) + ") DO UPDATE SET "
                + COUNTERS.stream().map(c -> c + " = t." + c + " + EXCLUDED." + c).collect(Collectors.joining(", "));
    }

    /** The primary key as declared in the migration: the organization first, then the bucket, then the rest. */
    private static List<String> primaryKey() {
        List<String> key = new ArrayList<>(DIMENSIONS);
        key.set(0, "org_id");
        key.set(1, "bucket_start");
        return key;
    }

    private static String placeholders() {
        return IntStream.range(0, COLUMNS.size()).mapToObj(i -> "?").collect(Collectors.joining(", "));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}

package io.gatehouse.usage;

import io.gatehouse.store.Columns;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Adds a batch of usage records to the roll-ups of every {@link Rollup} family, at each granularity it keeps: the
 * batch is first summed in memory per (bucket, dimensions), then each group is one upsert adding its counters to the
 * stored row:
 * {@code INSERT … ON CONFLICT … DO UPDATE SET x = t.x + EXCLUDED.x}, which PostgreSQL and SQLite both speak and which
 * stays correct when several nodes write the same rows at once. Groups are written in primary-key order so concurrent
 * writers lock rows in the same order and cannot deadlock (SQLite has one writer at a time anyway).
 */
final class RollupWriter {
    static final List<String> COUNTERS = List.of("api_calls", "tokens_in", "tokens_out", "llm_tokens_in", "llm_tokens_out",
            "policy_violations", "alerts", "blocks", "severity_low", "severity_medium", "severity_high", "latency_ms_sum",
            "cached_tokens", "cache_write_tokens", "cost_micros", "unpriced_calls");

    /** Sums the records of the batch the family counts per roll-up row, in primary-key order. */
    static Map<RollupKey, RollupCounters> aggregate(List<UsageRecord> batch, Rollup rollup, Bucket bucket) {
        Map<RollupKey, RollupCounters> groups = new TreeMap<>(RollupKey.ORDER);
        for (UsageRecord r : batch) {
            if (rollup.counts(r)) {
                groups.computeIfAbsent(RollupKey.of(rollup, bucket, r), k -> new RollupCounters()).add(r);
            }
        }
        return groups;
    }

    /** Adds the batch to every roll-up table, inside the caller's transaction on {@code connection}. */
    void write(Connection connection, boolean sqlite, List<UsageRecord> batch) throws SQLException {
        for (Rollup rollup : Rollup.values()) {
            for (Bucket bucket : rollup.buckets()) {
                Map<RollupKey, RollupCounters> groups = aggregate(batch, rollup, bucket);
                if (groups.isEmpty()) {
                    continue;
                }
                try (PreparedStatement upsert = connection.prepareStatement(upsert(rollup, bucket))) {
                    for (Map.Entry<RollupKey, RollupCounters> group : groups.entrySet()) {
                        bind(upsert, group.getKey(), group.getValue(), sqlite);
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                }
            }
        }
    }

    private static void bind(PreparedStatement upsert, RollupKey k, RollupCounters c, boolean sqlite)
            throws SQLException {
        upsert.setObject(1, Columns.timestampParameter(k.bucketStart(), sqlite));
        upsert.setString(2, k.orgId());
        int next = 3;
        for (String value : k.dimensions()) {
            upsert.setString(next++, value);
        }
        for (long value : c.values()) {
            upsert.setLong(next++, value);
        }
    }

    /** The upsert of one table; its conflict target is the primary key as declared: organization, bucket, the rest. */
    static String upsert(Rollup rollup, Bucket bucket) {
        List<String> key = new ArrayList<>(List.of("org_id", "bucket_start"));
        key.addAll(rollup.dimensions());
        List<String> columns = new ArrayList<>(List.of("bucket_start", "org_id"));
        columns.addAll(rollup.dimensions());
        columns.addAll(COUNTERS);
        return "INSERT INTO " + rollup.table(bucket) + " AS t (" + String.join(", ", columns) + ") VALUES ("
                + IntStream.range(0, columns.size()).mapToObj(i -> "?").collect(Collectors.joining(", ")) + ")"
                + " ON CONFLICT (" + String.join(", ", key) + ") DO UPDATE SET "
                + COUNTERS.stream().map(c -> c + " = t." + c + " + EXCLUDED." + c).collect(Collectors.joining(", "));
    }
}

package io.gatehouse.policy;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adds a batch of violations to the per-rule roll-ups ({@code policy_rule_hour}, {@code policy_rule_day}, V18) in the
 * transaction that writes the violation rows, so the dashboards' rule statistics never disagree with the listing.
 * Like the usage roll-ups: summed in memory per row, then one {@code INSERT … ON CONFLICT … DO UPDATE} per row, in
 * primary-key order so that concurrent writers cannot deadlock.
 */
final class PolicyRuleRollups {
    private static final Map<String, ChronoUnit> TABLES = Map.of("policy_rule_hour", ChronoUnit.HOURS,
            "policy_rule_day", ChronoUnit.DAYS);

    private record Row(String orgId, Instant bucketStart, String workspaceId, String repoId, String apiKeyId,
                       String policyId) {
        static final Comparator<Row> ORDER = Comparator.comparing(Row::orgId).thenComparing(Row::bucketStart)
                .thenComparing(Row::workspaceId).thenComparing(Row::repoId).thenComparing(Row::apiKeyId)
                .thenComparing(Row::policyId);
    }

    /** violations, alerts, blocks, severity low, medium, high. */
    private static final int COUNTERS = 6;

    private PolicyRuleRollups() {
    }

    static void write(Handle h, List<PolicyEvent> batch) {
        for (Map.Entry<String, ChronoUnit> table : TABLES.entrySet()) {
            Map<Row, long[]> rows = new TreeMap<>(Row.ORDER);
            for (PolicyEvent e : batch) {
                Row row = new Row(e.orgId(), e.timestamp().truncatedTo(table.getValue()), dim(e.workspaceId()),
                        dim(e.repoId()), dim(e.apiKeyId()), e.policyId());
                long[] c = rows.computeIfAbsent(row, r -> new long[COUNTERS]);
                c[0]++;
                c[1] += e.alert() == null ? 0 : 1;
                c[2] += e.block() ? 1 : 0;
                c[3 + severity(e.severity())]++;
            }
            PreparedBatch upsert = h.prepareBatch("INSERT INTO " + table.getKey() + """
                     AS t (org_id, bucket_start, workspace_id, repo_id, api_key_id, policy_id, violations, alerts, blocks,
                        severity_low, severity_medium, severity_high)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (org_id, bucket_start, workspace_id, repo_id, api_key_id, policy_id) DO UPDATE SET
                        violations = t.violations + EXCLUDED.violations, alerts = t.alerts + EXCLUDED.alerts,
                        blocks = t.blocks + EXCLUDED.blocks, severity_low = t.severity_low + EXCLUDED.severity_low,
                        severity_medium = t.severity_medium + EXCLUDED.severity_medium,
                        severity_high = t.severity_high + EXCLUDED.severity_high""");
            rows.forEach((row, c) -> {
                upsert.bind(0, row.orgId()).bind(1, OffsetDateTime.ofInstant(row.bucketStart(), ZoneOffset.UTC))
                        .bind(2, row.workspaceId()).bind(3, row.repoId()).bind(4, row.apiKeyId()).bind(5, row.policyId());
                for (int i = 0; i < COUNTERS; i++) {
                    upsert.bind(6 + i, c[i]);
                }
                upsert.add();
            });
            upsert.execute();
        }
    }

    /** The counter of a {@code RiskType} name: 0 low, 1 medium, 2 high. */
    private static int severity(String risk) {
        return switch (risk) {
            case "HIGH" -> 2;
            case "MEDIUM" -> 1;
            default -> 0;
        };
    }

    private static String dim(String value) {
        return value == null ? "" : value;
    }
}

package io.gatehouse.usage;

import io.gatehouse.config.Settings;
import io.gatehouse.store.Database;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Deletes usage data past its retention: events, the buckets of every {@link Rollup} family and of policy rules, and
 * the responses the Responses API kept ({@code stored_response}), each with its own age limit. Rows go in
 * small batches, each its own short transaction, so the tables are never locked for long and the recorder's
 * writes interleave. Runs periodically on its own thread (never an event loop); several nodes may run it at once.
 */
public final class UsageRetention implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UsageRetention.class);

    /** How long each kind of row is kept, and how many rows one delete statement removes at most. */
    public record Policy(Duration events, Duration minute, Duration hour, Duration day, Duration responses,
                         int batchSize) {
        public static Policy from(Settings settings) {
            Policy policy = new Policy(settings.getDuration("usage.retention.events", Duration.ofDays(7)),
                    settings.getDuration("usage.retention.minute", Duration.ofDays(7)),
                    settings.getDuration("usage.retention.hour", Duration.ofDays(8)),
                    settings.getDuration("usage.retention.day", Duration.ofDays(400)),
                    settings.getDuration("usage.retention.responses", Duration.ofDays(30)),
                    settings.getInt("usage.retention.batch", 5000));
            if (policy.batchSize < 1) {
                throw new io.gatehouse.config.ConfigException("Setting usage.retention.batch must be at least 1");
            }
            return policy;
        }
    }

    private record Target(String table, String timeColumn, Duration keep) {
    }

    private final Jdbi jdbi;
    private final Database.Engine engine;
    private final Clock clock;
    private final Policy policy;
    private final List<Target> targets;
    private final Map<String, Counter> deleted = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("gatehouse-usage-retention").daemon().factory());
    private volatile boolean closing;

    public UsageRetention(Jdbi jdbi, Database.Engine engine, Clock clock, Policy policy, MeterRegistry registry) {
        this.jdbi = jdbi;
        this.engine = engine;
        this.clock = clock;
        this.policy = policy;
        List<Target> targets = new ArrayList<>(List.of(new Target("usage_event", "ts", policy.events())));
        for (Rollup rollup : Rollup.values()) {
            for (Bucket bucket : rollup.buckets()) {
                targets.add(new Target(rollup.table(bucket), "bucket_start", switch (bucket) {
                    case MINUTE -> policy.minute();
                    case HOUR -> policy.hour();
                    case DAY -> policy.day();
                }));
            }
        }
        targets.add(new Target("policy_rule_hour", "bucket_start", policy.hour()));
        targets.add(new Target("policy_rule_day", "bucket_start", policy.day()));
        targets.add(new Target("stored_response", "created_at", policy.responses()));
        this.targets = List.copyOf(targets);
        for (Target t : targets) {
            deleted.put(t.table(), Counter.builder("gatehouse_usage_retention_deleted").tag("table", t.table())
                    .description("Usage rows deleted because they outlived their retention").register(registry));
        }
    }

    /** Runs {@link #runOnce()} every {@code interval}, the first time one interval after start. */
    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("Usage retention cleanup failed; retrying in {}: {}", interval, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Deletes everything past its retention, batch by batch; returns the rows deleted per table. */
    public Map<String, Long> runOnce() {
        Instant now = clock.instant();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Target t : targets) {
            if (closing) {
                break;
            }
            OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(t.keep()), ZoneOffset.UTC);
            String sql = deleteBatch(t);
            long total = 0;
            int n;
            do {
                n = jdbi.withHandle(h -> h.createUpdate(sql).bind("cutoff", cutoff).bind("n", policy.batchSize()).execute());
                total += n;
            } while (n == policy.batchSize() && !closing);
            deleted.get(t.table()).increment(total);
            counts.put(t.table(), total);
            if (total > 0) {
                log.info("Usage retention: deleted {} rows from {} older than {}", total, t.table(), cutoff);
            }
        }
        return counts;
    }

    /** One bounded delete: neither engine has DELETE … LIMIT, so the rows are picked by their physical address. */
    private String deleteBatch(Target t) {
        String address = engine == Database.Engine.POSTGRESQL ? "ctid" : "rowid";
        String victims = "SELECT " + address + " FROM " + t.table() + " WHERE " + t.timeColumn() + " < :cutoff LIMIT :n";
        return engine == Database.Engine.POSTGRESQL
                ? "DELETE FROM " + t.table() + " WHERE ctid = ANY(ARRAY(" + victims + "))"
                : "DELETE FROM " + t.table() + " WHERE rowid IN (" + victims + ")";
    }

    /** Stops scheduling; a run in progress finishes its current batch (never interrupted mid-statement). */
    @Override
    public void close() {
        closing = true;
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("Usage retention cleanup still running at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

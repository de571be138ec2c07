package io.gatehouse.usage;

import io.gatehouse.store.BatchWriter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;

/**
 * Takes usage records off the request path and writes them in batches ({@link BatchWriter}: a bounded queue, one
 * flusher thread, retries while the store is down, drops counted as {@code gatehouse_usage_dropped_total}).
 */
public final class UsageRecorder extends BatchWriter<UsageRecord> {
    public UsageRecorder(UsageSink sink, Limits limits, MeterRegistry registry) {
        super("usage", sink, limits, registry);
    }

    public UsageRecorder(UsageSink sink, int capacity, int batchSize, Duration flushInterval, Duration closeBudget,
                         MeterRegistry registry) {
        this(sink, new Limits(capacity, batchSize, flushInterval, closeBudget), registry);
    }
}

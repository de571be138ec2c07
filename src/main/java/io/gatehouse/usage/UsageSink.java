package io.gatehouse.usage;

import io.gatehouse.store.BatchSink;

/** Where flushed batches of usage records go (the store); a failure makes the recorder retry the batch. */
@FunctionalInterface
public interface UsageSink extends BatchSink<UsageRecord> {
}

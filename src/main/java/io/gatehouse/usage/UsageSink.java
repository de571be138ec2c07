package io.gatehouse.usage;

import java.util.List;

/** Where flushed batches of usage records go (the store); a failure makes the recorder retry the batch. */
@FunctionalInterface
public interface UsageSink {
    void write(List<UsageRecord> batch) throws Exception;
}

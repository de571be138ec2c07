package io.gatehouse.store;

import java.util.List;

/** Where a {@link BatchWriter} puts each flushed batch (the store); a failure makes the writer retry the batch. */
@FunctionalInterface
public interface BatchSink<T> {
    void write(List<T> batch) throws Exception;
}

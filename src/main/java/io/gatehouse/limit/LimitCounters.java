package io.gatehouse.limit;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where counters live. {@link #reserve} checks and adds in one atomic step: when every counter is below its limit,
 * each grows by its amount; otherwise none changes. A stage that fails means the counters could not be reached.
 */
public interface LimitCounters extends AutoCloseable {

    /** The outcome of a reservation: the values of the counters after it, or the first counter found at its limit. */
    record Tally(boolean admitted, int refused, long[] values) {
    }

    CompletionStage<Tally> reserve(List<Counter> counters);

    /** Adds {@code deltas[i]} (negative to give back) to counter {@code i}, if its window is still counted. */
    void settle(List<Counter> counters, long[] deltas);

    @Override
    void close();
}

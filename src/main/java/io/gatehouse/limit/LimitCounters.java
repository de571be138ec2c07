package io.gatehouse.limit;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where counters live. {@link #reserve} checks and adds in one atomic step: when every counter is below its limit,
 * each grows by its amount; otherwise none changes. A stage that fails means the counters could not be reached.
 */
public interface LimitCounters extends AutoCloseable {

    /**
     * The outcome of a reservation: the values of the counters after it, or the first counter found at its limit;
     * {@code leases} the units granted to the caller on each counter beyond its amount (already added to
     * {@code values}), null when none were asked for or granted.
     */
    record Tally(boolean admitted, int refused, long[] values, long[] leases) {
        public Tally(boolean admitted, int refused, long[] values) {
            this(admitted, refused, values, null);
        }
    }

    CompletionStage<Tally> reserve(List<Counter> counters);

    /**
     * As {@link #reserve(List)}, and when admitted also grants up to {@code wanted[i]} more units of counter
     * {@code i} as a lease (added to the counter in the same step, see {@link LeasedCounters}). Counters that cannot
     * lease grant none.
     */
    default CompletionStage<Tally> reserve(List<Counter> counters, long[] wanted) {
        return reserve(counters);
    }

    /**
     * The reservation taken, admitted, from what this node already holds of every counter (see
     * {@link LeasedCounters}) when that covers every amount; else {@code null}, and nothing taken. Counters that hold
     * nothing locally answer {@code null} always.
     */
    default Tally reserveHeld(List<Counter> counters) {
        return null;
    }

    /** Adds {@code deltas[i]} (negative to give back) to counter {@code i}, if its window is still counted. */
    void settle(List<Counter> counters, long[] deltas);

    @Override
    void close();
}

package io.gatehouse.limit;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens and micro-dollars a request reserved, to settle once with what the provider counted and what that cost:
 * the difference is added to (or given back from) each token and money counter. A request that never reached a
 * provider, or failed without usage, settles with 0 and gives its reservation back. Requests are not given back: they
 * count when admitted.
 */
public final class Reservation {
    public static final Reservation NONE = new Reservation(null, List.of());

    private final LimitCounters counters;
    private final List<Counter> settledCounters;
    private boolean settled;

    Reservation(LimitCounters counters, List<Counter> reserved) {
        this.counters = counters;
        int settledOnes = 0;
        for (Counter c : reserved) {
            settledOnes += c.dimension().measure().settled() ? 1 : 0;
        }
        // The caller's list is not changed after: kept as it is when every counter settles (no copy then).
        this.settledCounters = settledOnes == reserved.size() ? reserved : settledOnly(reserved, settledOnes);
    }

    private static List<Counter> settledOnly(List<Counter> reserved, int count) {
        List<Counter> settled = new ArrayList<>(count);
        for (Counter c : reserved) {
            if (c.dimension().measure().settled()) {
                settled.add(c);
            }
        }
        return settled;
    }

    /**
     * Settles with the tokens the provider counted (input and output) and what they cost; {@code actualCostMicros}
     * null (the call was served by a model without a price) keeps the money reserved. Later calls do nothing.
     */
    public void settle(long actualTokens, Long actualCostMicros) {
        if (settled || settledCounters.isEmpty()) {
            return;
        }
        settled = true;
        long[] deltas = new long[settledCounters.size()];
        boolean changes = false;
        for (int i = 0; i < deltas.length; i++) {
            Counter c = settledCounters.get(i);
            long actual = switch (c.dimension().measure()) {
                case MICRO_DOLLARS -> actualCostMicros == null ? c.amount() : actualCostMicros;
                default -> actualTokens;
            };
            deltas[i] = actual - c.amount();
            changes |= deltas[i] != 0;
        }
        if (changes) {
            counters.settle(settledCounters, deltas);
        }
    }
}

package io.gatehouse.limit;

import java.util.ArrayList;
import java.util.List;

/**
 * The tokens a request reserved, to settle once with what the provider counted: the difference is added to (or
 * given back from) each token counter. A request that never reached a provider, or failed without usage, settles
 * with 0 and gives its reservation back. Requests are not given back: they count when admitted.
 */
public final class Reservation {
    public static final Reservation NONE = new Reservation(null, List.of());

    private final LimitCounters counters;
    private final List<Counter> tokenCounters;
    private boolean settled;

    Reservation(LimitCounters counters, List<Counter> reserved) {
        this.counters = counters;
        List<Counter> tokens = new ArrayList<>();
        for (Counter c : reserved) {
            if (c.dimension().tokens()) {
                tokens.add(c);
            }
        }
        this.tokenCounters = List.copyOf(tokens);
    }

    /** Settles with the tokens the provider counted (input and output); later calls do nothing. */
    public void settle(long actualTokens) {
        if (settled || tokenCounters.isEmpty()) {
            return;
        }
        settled = true;
        long[] deltas = new long[tokenCounters.size()];
        boolean changes = false;
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = actualTokens - tokenCounters.get(i).amount();
            changes |= deltas[i] != 0;
        }
        if (changes) {
            counters.settle(tokenCounters, deltas);
        }
    }
}

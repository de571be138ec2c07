package io.gatehouse.limit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Shared counters (Redis) with local leases, so most reservations of a busy key need no round trip (decision 0027).
 * When a reservation goes to the shared counters it asks, per counter, for a lease: units the script adds to the
 * counter at once — so every node counts them — and this node holds for its next requests in the same window. A
 * reservation whose every counter is covered by this node's leases is decided here, at once. Since leased units are
 * already counted, no limit is ever exceeded by leasing; what leasing can cost is units left unused in a lease when
 * its window ends (under-admission), which the lease's size keeps small:
 * <ul>
 *   <li>the script grants at most 1/{@link RedisCounters#LEASE_SHARE} of what the counter has left (none for small
 *       limits, ever less near the limit);</li>
 *   <li>this node asks for at most what it used of that counter in about the last {@link #HORIZON} (net of tokens
 *       given back), at least one more reservation like the current one, minus what it still holds.</li>
 * </ul>
 * Settlement stays local where it can: units given back go into the lease (they are counted already) within the same
 * share of what is left, the rest to the shared counters; units taken beyond a reservation come out of the lease when
 * it holds them, else go to the shared counters at once. A lease belongs to its counter's window (the counter's name
 * holds the window's start), so a new window starts without one; unused leases are given back when the node closes. While the shared counters cannot be reached, requests that leases
 * cover are still admitted (their units were counted); others fail as before.
 */
public final class LeasedCounters implements LimitCounters {
    /** How much of its own recent use a node may hold ahead. */
    static final Duration HORIZON = Duration.ofSeconds(1);
    /** The shortest span a rate is measured over, so a burst of two requests does not look like a flood. */
    static final long MIN_SPAN_MILLIS = 100;
    private static final Duration SLACK = Duration.ofMinutes(1);

    private final LimitCounters shared;
    private final Clock clock;
    /** This node's lease per counter name (so per window); guarded by this. */
    private final Cache<String, Lease> leases;

    /** What this node holds of one counter, and how fast it uses it; guarded by the enclosing instance. */
    private static final class Lease {
        final Counter counter;
        /** Units held, counted in the shared counter and not used yet. */
        long units;
        /** The shared counter's value in its last answer to this node (every node's leases included). */
        long seen;
        /** Units this node used of the counter since {@link #since} (net of what was given back). */
        long used;
        /** When the use is measured from; -1 before this node's first lease request on it. */
        long since = -1;
        /** Whether a lease request is on its way: concurrent reservations then ask for none. */
        boolean asking;

        Lease(Counter counter) {
            this.counter = counter;
        }

        /**
         * What to ask for: this node's use since it last asked, scaled to the horizon (at least one more reservation
         * of {@code amount}), less what it still holds; the use is measured afresh from now.
         */
        long wanted(long amount, long now) {
            long target = amount;
            if (since >= 0) {
                double perHorizon = (double) used * HORIZON.toMillis() / Math.max(MIN_SPAN_MILLIS, now - since);
                target = Math.max(amount, (long) Math.min(perHorizon, Long.MAX_VALUE / 2.0));
            }
            used = 0;
            since = now;
            return Math.max(0, target - units);
        }
    }

    public LeasedCounters(LimitCounters shared, Clock clock) {
        this.shared = shared;
        this.clock = clock;
        this.leases = Caffeine.newBuilder()
                .expireAfter(Expiry.<String, Lease>creating((name, lease) -> Duration.ofMillis(
                        Math.max(0, lease.counter.windowEnd() - clock.millis())).plus(SLACK)))
                .build();
    }

    @Override
    public CompletionStage<Tally> reserve(List<Counter> counters) {
        long[] wanted;
        synchronized (this) {
            Tally local = fromLeases(counters);
            if (local != null) {
                return CompletableFuture.completedFuture(local);
            }
            long now = clock.millis();
            wanted = new long[counters.size()];
            for (int i = 0; i < wanted.length; i++) {
                Counter c = counters.get(i);
                Lease lease = leases.get(c.name(), name -> new Lease(c));
                if (!lease.asking) {
                    wanted[i] = lease.wanted(c.amount(), now);
                    lease.asking = wanted[i] > 0;
                }
            }
        }
        CompletionStage<Tally> answer;
        try {
            answer = shared.reserve(counters, wanted);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        return answer.handle((tally, failure) -> {
            Tally seen = answered(counters, wanted, tally);
            if (failure != null) {
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            }
            return seen;
        });
    }

    @Override
    public synchronized Tally reserveHeld(List<Counter> counters) {
        return fromLeases(counters);
    }

    /** The reservation taken from this node's leases when they cover every counter, else null (nothing taken). */
    private Tally fromLeases(List<Counter> counters) {
        int n = counters.size();
        Lease[] held = new Lease[n];
        for (int i = 0; i < n; i++) {
            held[i] = leases.getIfPresent(counters.get(i).name());
            if (held[i] == null || held[i].units < counters.get(i).amount()) {
                return null;
            }
        }
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            long amount = counters.get(i).amount();
            held[i].units -= amount;
            held[i].used += amount;
            values[i] = held[i].seen - held[i].units;
        }
        return new Tally(true, -1, values);
    }

    /**
     * Takes in what the shared counters answered (nothing when they failed): the leases granted, the values seen.
     * The values passed on are this node's view: the shared value less what this node holds unused.
     */
    private synchronized Tally answered(List<Counter> counters, long[] wanted, Tally tally) {
        long[] values = tally == null ? null : new long[counters.size()];
        for (int i = 0; i < counters.size(); i++) {
            Lease lease = leases.getIfPresent(counters.get(i).name());
            if (lease == null) {
                // Its window ended meanwhile: nothing to hold.
                if (values != null) {
                    values[i] = tally.values()[i];
                }
                continue;
            }
            if (wanted[i] > 0) {
                lease.asking = false;
            }
            if (tally != null) {
                if (tally.admitted()) {
                    lease.units += tally.leases() == null ? 0 : tally.leases()[i];
                    lease.used += counters.get(i).amount();
                }
                lease.seen = tally.values()[i];
                values[i] = lease.seen - lease.units;
            }
        }
        return tally == null ? null : new Tally(tally.admitted(), tally.refused(), values);
    }

    /**
     * Given back: into this node's lease (already counted), as far as the lease stays within the share of what is
     * left that the script could grant now; the rest to the shared counters, so small limits strand nothing. Taken
     * beyond the reservation: out of the lease when it holds that much, else to the shared counters at once.
     */
    @Override
    public void settle(List<Counter> counters, long[] deltas) {
        List<Counter> toShare = null;
        long[] sharedDeltas = null;
        synchronized (this) {
            for (int i = 0; i < deltas.length; i++) {
                Counter c = counters.get(i);
                Lease lease = leases.getIfPresent(c.name());
                long delta = deltas[i];
                long toSend = delta;
                if (lease != null) {
                    lease.used = Math.max(0, lease.used + delta);
                    if (delta < 0) {
                        long room = (c.limit() - lease.seen) / RedisCounters.LEASE_SHARE - lease.units;
                        long kept = Math.min(-delta, Math.max(0, room));
                        lease.units += kept;
                        toSend += kept;
                    } else if (lease.units >= delta) {
                        lease.units -= delta;
                        toSend = 0;
                    }
                }
                if (toSend != 0) {
                    if (toShare == null) {
                        toShare = new ArrayList<>(deltas.length);
                        sharedDeltas = new long[deltas.length];
                    }
                    sharedDeltas[toShare.size()] = toSend;
                    toShare.add(c);
                }
            }
        }
        if (toShare != null) {
            shared.settle(toShare, Arrays.copyOf(sharedDeltas, toShare.size()));
        }
    }

    /** What this node holds unused of the counter named {@code name} (for tests). */
    synchronized long held(String name) {
        Lease lease = leases.getIfPresent(name);
        return lease == null ? 0 : lease.units;
    }

    /** Gives every unused lease back to the shared counters, then closes them. */
    @Override
    public void close() {
        List<Counter> held = new ArrayList<>();
        List<Long> units = new ArrayList<>();
        synchronized (this) {
            for (Lease lease : leases.asMap().values()) {
                if (lease.units > 0) {
                    held.add(lease.counter);
                    units.add(-lease.units);
                    lease.units = 0;
                }
            }
            leases.invalidateAll();
        }
        if (!held.isEmpty()) {
            shared.settle(held, units.stream().mapToLong(Long::longValue).toArray());
        }
        shared.close();
    }
}

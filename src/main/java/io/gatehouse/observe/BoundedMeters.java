package io.gatehouse.observe;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Meters cached per label combination, so the hot path looks a meter up by a small key instead of building meter
 * ids, with a cap on distinct combinations: past it, new combinations fold into an overflow key (labels such as
 * repository and model become {@code other}), so a flood of unknown model names cannot grow the registry without bound.
 */
final class BoundedMeters<K, M> {
    private static final Logger log = LoggerFactory.getLogger(BoundedMeters.class);

    private final String name;
    private final int max;
    private final UnaryOperator<K> overflow;
    private final Function<K, M> create;
    private final ConcurrentHashMap<K, M> meters = new ConcurrentHashMap<>();
    private final AtomicBoolean warned = new AtomicBoolean();

    BoundedMeters(String name, int max, UnaryOperator<K> overflow, Function<K, M> create) {
        this.name = name;
        this.max = max;
        this.overflow = overflow;
        this.create = create;
    }

    M get(K key) {
        M meter = meters.get(key);
        if (meter != null) {
            return meter;
        }
        if (meters.size() >= max) {
            if (warned.compareAndSet(false, true)) {
                log.warn("Metric {} reached {} label combinations; further ones are counted under 'other'", name, max);
            }
            return meters.computeIfAbsent(overflow.apply(key), create);
        }
        return meters.computeIfAbsent(key, create);
    }
}

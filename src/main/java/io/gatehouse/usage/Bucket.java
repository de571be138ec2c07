package io.gatehouse.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The two roll-up granularities, each with a table per {@link Rollup} family; buckets start on UTC minute and day
 * boundaries.
 */
public enum Bucket {
    MINUTE(ChronoUnit.MINUTES),
    DAY(ChronoUnit.DAYS);

    private final ChronoUnit unit;

    Bucket(ChronoUnit unit) {
        this.unit = unit;
    }

    /** The start of the bucket holding {@code t}. */
    public Instant start(Instant t) {
        return t.truncatedTo(unit);
    }
}

package io.gatehouse.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The roll-up granularities, each with a table per {@link Rollup} family that keeps it; buckets start on UTC minute,
 * hour and day boundaries.
 */
public enum Bucket {
    MINUTE(ChronoUnit.MINUTES),
    HOUR(ChronoUnit.HOURS),
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

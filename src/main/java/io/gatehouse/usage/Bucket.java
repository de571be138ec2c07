package io.gatehouse.usage;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The roll-up granularities, each with its table; buckets start on UTC minute, hour and day boundaries. */
public enum Bucket {
    MINUTE("usage_minute", ChronoUnit.MINUTES),
    HOUR("usage_hour", ChronoUnit.HOURS),
    DAY("usage_day", ChronoUnit.DAYS);

    private final String table;
    private final ChronoUnit unit;

    Bucket(String table, ChronoUnit unit) {
        this.table = table;
        this.unit = unit;
    }

    public String table() {
        return table;
    }

    /** The start of the bucket holding {@code t}. */
    public Instant start(Instant t) {
        return t.truncatedTo(unit);
    }
}

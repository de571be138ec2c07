package io.gatehouse.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formatting the templates share. */
public final class Show {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Show() {
    }

    /** A moment in UTC; empty when there is none. */
    public static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }
}

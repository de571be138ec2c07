package io.gatehouse.limit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A fixed counting window in UTC: the counter of a window starts at zero when the window starts, whatever happened in
 * the one before (decision 0012 says why fixed rather than sliding).
 */
public enum Window {
    MINUTE, DAY, MONTH;

    /** The start of the window holding {@code nowMillis}, in epoch milliseconds. */
    public long start(long nowMillis) {
        return switch (this) {
            case MINUTE -> nowMillis - Math.floorMod(nowMillis, 60_000L);
            case DAY -> nowMillis - Math.floorMod(nowMillis, 86_400_000L);
            case MONTH -> {
                LocalDate day = Instant.ofEpochMilli(nowMillis).atZone(ZoneOffset.UTC).toLocalDate();
                yield day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
        };
    }

    /** The end (exclusive) of the window holding {@code nowMillis}: when its counter starts again from zero. */
    public long end(long nowMillis) {
        long start = start(nowMillis);
        return switch (this) {
            case MINUTE -> start + 60_000L;
            case DAY -> start + 86_400_000L;
            case MONTH -> ZonedDateTime.ofInstant(Instant.ofEpochMilli(start), ZoneOffset.UTC).plusMonths(1)
                    .toInstant().toEpochMilli();
        };
    }
}

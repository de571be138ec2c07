package io.gatehouse.platform.dashboard;

import io.gatehouse.platform.ApiException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A dashboard window ({@code DashboardWindow}) with the bucket size its series is cut into
 * ({@code DashboardTimeBucketSize}) and the roll-up granularity that bucket is summed from: the 24h and 7d windows
 * from the hour roll-ups, the longer ones from the day roll-ups (decision 0019), so no window reads more than 365
 * buckets per dimension.
 */
enum Window {
    H24("24h", Duration.ofHours(24), "1h", Duration.ofHours(1), Granularity.HOUR),
    D7("7d", Duration.ofDays(7), "6h", Duration.ofHours(6), Granularity.HOUR),
    D30("30d", Duration.ofDays(30), "1d", Duration.ofDays(1), Granularity.DAY),
    D90("90d", Duration.ofDays(90), "1d", Duration.ofDays(1), Granularity.DAY),
    D180("180d", Duration.ofDays(180), "1d", Duration.ofDays(1), Granularity.DAY),
    D365("365d", Duration.ofDays(365), "1d", Duration.ofDays(1), Granularity.DAY);

    /** Which roll-up tables a window reads. */
    enum Granularity {
        HOUR(Duration.ofHours(1)), DAY(Duration.ofDays(1));

        private final Duration length;

        Granularity(Duration length) {
            this.length = length;
        }
    }

    private final String label;
    private final Duration length;
    private final String bucketLabel;
    private final Duration bucket;
    private final Granularity granularity;

    Window(String label, Duration length, String bucketLabel, Duration bucket, Granularity granularity) {
        this.label = label;
        this.length = length;
        this.bucketLabel = bucketLabel;
        this.bucket = bucket;
        this.granularity = granularity;
    }

    static Window parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest("window is required: one of " + labels());
        }
        return Arrays.stream(values()).filter(w -> w.label.equals(raw.trim())).findFirst()
                .orElseThrow(() -> ApiException.badRequest("window must be one of " + labels()));
    }

    String label() {
        return label;
    }

    String bucketLabel() {
        return bucketLabel;
    }

    Granularity granularity() {
        return granularity;
    }

    /**
     * The window's buckets ending with the one holding {@code now}: as many as fit in the window, each starting on
     * a UTC boundary of its size (hours, 00/06/12/18, midnights), oldest first.
     */
    List<Instant> buckets(Instant now) {
        long size = bucket.toMillis();
        long last = Math.floorDiv(now.toEpochMilli(), size) * size;
        int count = (int) (length.toMillis() / size);
        List<Instant> starts = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            starts.add(Instant.ofEpochMilli(last - i * size));
        }
        return starts;
    }

    Duration bucket() {
        return bucket;
    }

    /** Whether a series bucket is several stored ones (7d: six hours each), which a distinct count cannot add up. */
    boolean folds() {
        return !bucket.equals(granularity.length);
    }

    private static String labels() {
        return Arrays.stream(values()).map(w -> w.label).collect(Collectors.joining(", "));
    }
}

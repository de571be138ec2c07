package io.gatehouse.usage;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * One roll-up row's identity: the bucket start, the organization and the values of its family's dimensions
 * ({@link Rollup#dimensions()}). Dimensions a request never reached are {@code ""} (never null), so they can be part
 * of the primary key.
 */
record RollupKey(Instant bucketStart, String orgId, List<String> dimensions) {

    /** Primary-key order: writers that lock rows in this order cannot deadlock each other. */
    static final Comparator<RollupKey> ORDER = Comparator.comparing(RollupKey::orgId)
            .thenComparing(RollupKey::bucketStart)
            .thenComparing(RollupKey::dimensions, RollupKey::compareValues);

    static RollupKey of(Rollup rollup, Bucket bucket, UsageRecord r) {
        return new RollupKey(bucket.start(r.timestamp()), r.orgId(), rollup.values(r));
    }

    private static int compareValues(List<String> a, List<String> b) {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}

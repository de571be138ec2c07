package io.gatehouse.platform.stats;

import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.usage.Bucket;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /aistats/minute} and {@code GET /aistats/daily}: {@code AiStatsData} rows from the roll-ups. A caller
 * sees its own organization only, and unless it manages the organization only the workspaces it is a member of;
 * ids of anything else are filters that match nothing (no rows, not 404: usage of a deleted repository stays
 * queryable, so an unknown id is not an error). Without dates the answer covers the last hour (minute) or the last
 * 30 days (daily); at most {@code maxRows} rows come back, those of the newest buckets, with {@code truncated: true} when more
 * matched.
 */
public final class AiStatsResource implements ApiResource {
    static final Duration MINUTE_DEFAULT_RANGE = Duration.ofHours(1);
    static final Duration DAILY_DEFAULT_RANGE = Duration.ofDays(30);

    private final Jdbi jdbi;
    private final Clock clock;
    private final int maxRows;

    public AiStatsResource(Jdbi jdbi, Clock clock, int maxRows) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.maxRows = maxRows;
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/aistats/minute", req -> stats(req, Bucket.MINUTE, MINUTE_DEFAULT_RANGE));
        routes.get("/aistats/daily", req -> stats(req, Bucket.DAY, DAILY_DEFAULT_RANGE));
    }

    private Reply stats(ApiRequest req, Bucket bucket, Duration defaultRange) {
        Principal caller = req.principal();
        AiStatsFilter filter = AiStatsFilter.parse(req, bucket, clock.instant(), defaultRange);
        List<AiStatsRow> rows = jdbi.withHandle(h -> AiStats.rows(h, caller, bucket, filter, maxRows + 1));
        boolean truncated = rows.size() > maxRows;
        Reply reply = Reply.ok("data", (truncated ? wholeBuckets(rows) : rows).stream().map(AiStatsRow::view).toList())
                .put("truncated", truncated);
        if (truncated) {
            reply.put("message", "More than " + maxRows + " rows matched; these are the newest buckets. Narrow the dates or filters.");
        }
        return reply;
    }

    /** The newest rows minus the oldest bucket among them, which the limit may have cut in part. */
    private List<AiStatsRow> wholeBuckets(List<AiStatsRow> newest) {
        Instant partial = newest.getFirst().bucketStart();
        List<AiStatsRow> whole = newest.stream().filter(r -> !r.bucketStart().equals(partial)).toList();
        return whole.isEmpty() ? newest.subList(0, maxRows) : whole;
    }
}

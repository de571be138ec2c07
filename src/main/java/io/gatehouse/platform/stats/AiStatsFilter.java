package io.gatehouse.platform.stats;

import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.Fields;
import io.gatehouse.store.Ids;
import io.gatehouse.usage.AttributionIds;
import io.gatehouse.usage.Bucket;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The filters of an {@code /aistats} query. The range runs from the bucket holding {@code startDate} to
 * {@code endDate}, both included. The id filters ({@code repoId}, {@code aiLlmId}, {@code repoAiApiKeyId}) are
 * alternatives: a row matching any of them is kept. {@code llmType}, {@code llmModel} and {@code hosts} each
 * narrow further, and so do {@code userUuid} and {@code conversationUuid}: the end users and conversations requests
 * named (decision 0018), ids of {@link AttributionIds}' form. Every list is comma-separated.
 */
record AiStatsFilter(Instant from, Instant to, List<String> repoIds, List<String> aiLlmIds, List<String> keyIds,
                     List<String> llmTypes, List<String> llmModels, List<String> hosts, List<String> userIds,
                     List<String> conversationIds) {
    static final int MAX_VALUES = 100;
    private static final int MAX_VALUE_LENGTH = 300;

    /** Reads the filters; without dates, the range is the last {@code defaultRange} up to {@code now}. */
    static AiStatsFilter parse(ApiRequest req, Bucket bucket, Instant now, Duration defaultRange) {
        Instant end = Fields.optionalInstant(req.query("endDate").orElse(null), "endDate");
        Instant start = Fields.optionalInstant(req.query("startDate").orElse(null), "startDate");
        Instant to = end != null ? end : now;
        Instant from = start != null ? start : to.minus(defaultRange);
        if (from.isAfter(to)) {
            throw ApiException.badRequest("startDate must not be after endDate (which defaults to now)");
        }
        return new AiStatsFilter(bucket.start(from), to, ids(req, "repoId"), ids(req, "aiLlmId"), ids(req, "repoAiApiKeyId"),
                values(req, "llmType"), values(req, "llmModel"), values(req, "hosts"), attributionIds(req, "userUuid"),
                attributionIds(req, "conversationUuid"));
    }

    boolean anyId() {
        return !repoIds.isEmpty() || !aiLlmIds.isEmpty() || !keyIds.isEmpty();
    }

    private static List<String> ids(ApiRequest req, String name) {
        List<String> ids = values(req, name);
        if (!ids.stream().allMatch(Ids::isValid)) {
            throw ApiException.badRequest(name + " must be a comma-separated list of ids");
        }
        return ids;
    }

    private static List<String> attributionIds(ApiRequest req, String name) {
        List<String> ids = values(req, name);
        if (!ids.stream().allMatch(AttributionIds::valid)) {
            throw ApiException.badRequest(name + " must be a comma-separated list of ids, each " + AttributionIds.rule());
        }
        return ids;
    }

    private static List<String> values(ApiRequest req, String name) {
        List<String> values = req.queryList(name).stream().distinct().toList();
        if (values.size() > MAX_VALUES) {
            throw ApiException.badRequest(name + " takes at most " + MAX_VALUES + " values");
        }
        if (values.stream().anyMatch(v -> v.length() > MAX_VALUE_LENGTH)) {
            throw ApiException.badRequest(name + " values must be at most " + MAX_VALUE_LENGTH + " characters");
        }
        return values;
    }
}

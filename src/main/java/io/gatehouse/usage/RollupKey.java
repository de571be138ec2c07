package io.gatehouse.usage;

import java.time.Instant;
import java.util.Comparator;

/**
 * One roll-up row's identity: the bucket start and the dimensions of the requests counted in it. Dimensions a
 * request never reached are {@code ""} (never null), so they can be part of the primary key.
 */
record RollupKey(Instant bucketStart, String orgId, String workspaceId, String repoId, String aiLlmId,
                 String apiKeyId, String llmType, String llmModel, String host) {

    /** Primary-key order: writers that lock rows in this order cannot deadlock each other. */
    static final Comparator<RollupKey> ORDER = Comparator.comparing(RollupKey::orgId)
            .thenComparing(RollupKey::bucketStart)
            .thenComparing(RollupKey::workspaceId)
            .thenComparing(RollupKey::repoId)
            .thenComparing(RollupKey::aiLlmId)
            .thenComparing(RollupKey::apiKeyId)
            .thenComparing(RollupKey::llmType)
            .thenComparing(RollupKey::llmModel)
            .thenComparing(RollupKey::host);

    static RollupKey of(Bucket bucket, UsageRecord r) {
        return new RollupKey(bucket.start(r.timestamp()), r.orgId(), dim(r.workspaceId()), dim(r.repoId()),
                dim(r.aiLlmId()), dim(r.repoAiApiKeyId()), dim(r.llmType()), dim(r.llmModel()), dim(r.host()));
    }

    private static String dim(String value) {
        return value == null ? "" : value;
    }
}

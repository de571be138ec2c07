package io.gatehouse.usage;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The roll-up families, each a table per granularity it keeps ({@code <family>_minute}, {@code <family>_day}, and
 * {@code _hour} for the dashboards, V18, V23 and V24) keyed by the organization, the bucket start and its own dimensions, and
 * adding up the same counters. The attribution families
 * count only the requests they are about, so unattributed traffic costs them nothing.
 */
public enum Rollup {
    /** Everything, per (workspace, repository, configuration, key, provider type, model, host): V6. */
    USAGE("usage", List.of(Bucket.MINUTE, Bucket.HOUR, Bucket.DAY), r -> true, "workspace_id", "repo_id", "ai_llm_id", "api_key_id", "llm_type", "llm_model", "host"),
    /**
     * Requests that named an end user, per (workspace, repository, user): per-user breakdowns (V17; by hour for the
     * dashboards, V23).
     */
    USER("usage_user", List.of(Bucket.MINUTE, Bucket.HOUR, Bucket.DAY), r -> r.userId() != null, "workspace_id", "repo_id", "user_id"),
    /**
     * Requests that named an end user or a conversation, per the {@link #USAGE} dimensions plus user and conversation
     * (V17): {@code /aistats} filtered by user or conversation, and its {@code activeConversations}; by hour (V24) for
     * the dashboards' {@code activeConversations} and per-user and per-conversation breakdowns.
     */
    CONVERSATION("usage_conversation", List.of(Bucket.MINUTE, Bucket.HOUR, Bucket.DAY), r -> r.userId() != null || r.conversationId() != null,
            "workspace_id", "repo_id", "ai_llm_id", "api_key_id", "llm_type", "llm_model", "host", "user_id",
            "conversation_id");

    private final String family;
    private final List<Bucket> buckets;
    private final Predicate<UsageRecord> counts;
    private final List<String> dimensions;

    Rollup(String family, List<Bucket> buckets, Predicate<UsageRecord> counts, String... dimensions) {
        this.family = family;
        this.buckets = buckets;
        this.counts = counts;
        this.dimensions = List.of(dimensions);
    }

    /** The table of this family at one granularity, e.g. {@code usage_user_day}. */
    public String table(Bucket bucket) {
        return family + "_" + bucket.name().toLowerCase(Locale.ROOT);
    }

    /** The granularities this family keeps. */
    public List<Bucket> buckets() {
        return buckets;
    }

    /** The dimension columns after {@code org_id} and {@code bucket_start}, in primary-key order. */
    List<String> dimensions() {
        return dimensions;
    }

    boolean counts(UsageRecord r) {
        return counts.test(r);
    }

    /** The record's value of each dimension, {@code ""} where it has none. */
    List<String> values(UsageRecord r) {
        return dimensions.stream().map(column -> dim(value(column, r))).toList();
    }

    private static String value(String column, UsageRecord r) {
        return switch (column) {
            case "workspace_id" -> r.workspaceId();
            case "repo_id" -> r.repoId();
            case "ai_llm_id" -> r.aiLlmId();
            case "api_key_id" -> r.repoAiApiKeyId();
            case "llm_type" -> r.llmType();
            case "llm_model" -> r.llmModel();
            case "host" -> r.host();
            case "user_id" -> r.userId();
            case "conversation_id" -> r.conversationId();
            default -> throw new IllegalArgumentException("No usage dimension " + column);
        };
    }

    private static String dim(String value) {
        return value == null ? "" : value;
    }
}

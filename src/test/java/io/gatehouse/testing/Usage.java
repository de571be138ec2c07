package io.gatehouse.testing;

import io.gatehouse.usage.UsageRecord;

import java.time.Instant;

/** Builds usage records for tests: sensible defaults, changed one field at a time. */
public final class Usage {
    private Instant timestamp = Instant.parse("2026-01-15T10:00:00Z");
    private String orgId = "org";
    private String workspaceId = "ws";
    private String repoId = "repo";
    private String aiLlmId = "llm";
    private String keyId = "key";
    private String llmType = "OPENAI";
    private String llmModel = "gpt-x";
    private String host = "api.openai.com";
    private long tokensIn = 10;
    private long tokensOut = 20;
    private long llmTokensIn;
    private long llmTokensOut;
    private long latencyMs = 100;
    private int violations;
    private int alerts;
    private int blocks;
    private int low;
    private int medium;
    private int high;
    private long cachedTokens;
    private long cacheWriteTokens;
    private Long costMicros = 0L;
    private String priceVersion;
    private Integer status;
    private String outcome;
    private String requestId;
    private String userId;
    private String conversationId;

    public static Usage at(String instant) {
        return at(Instant.parse(instant));
    }

    public static Usage at(Instant instant) {
        Usage u = new Usage();
        u.timestamp = instant;
        return u;
    }

    public Usage org(String org, String workspace) {
        orgId = org;
        workspaceId = workspace;
        return this;
    }

    public Usage dims(String repo, String aiLlm, String key) {
        repoId = repo;
        aiLlmId = aiLlm;
        keyId = key;
        return this;
    }

    public Usage model(String type, String model, String upstreamHost) {
        llmType = type;
        llmModel = model;
        host = upstreamHost;
        return this;
    }

    public Usage tokens(long in, long out) {
        tokensIn = in;
        tokensOut = out;
        return this;
    }

    public Usage judgeTokens(long in, long out) {
        llmTokensIn = in;
        llmTokensOut = out;
        return this;
    }

    public Usage latency(long ms) {
        latencyMs = ms;
        return this;
    }

    public Usage policy(int violationCount, int alertCount, int blockCount, int lowCount, int mediumCount, int highCount) {
        violations = violationCount;
        alerts = alertCount;
        blocks = blockCount;
        low = lowCount;
        medium = mediumCount;
        high = highCount;
        return this;
    }

    /** The cached classes (parts of the input tokens), what the request cost (null: unpriced) and its price list. */
    public Usage cost(long cached, long cacheWrite, Long micros, String version) {
        cachedTokens = cached;
        cacheWriteTokens = cacheWrite;
        costMicros = micros;
        priceVersion = version;
        return this;
    }

    /** How the request ended, when not the default (200 ok, or 403 blocked when it has blocks). */
    public Usage ended(int httpStatus, String how) {
        status = httpStatus;
        outcome = how;
        return this;
    }

    public Usage requestId(String id) {
        requestId = id;
        return this;
    }

    /** The end user and the conversation the request named (null: none). */
    public Usage attributed(String user, String conversation) {
        userId = user;
        conversationId = conversation;
        return this;
    }

    public UsageRecord build() {
        return new UsageRecord(timestamp, orgId, workspaceId, repoId, aiLlmId, keyId, llmType, llmModel, host,
                tokensIn, tokensOut, llmTokensIn, llmTokensOut, status != null ? status : blocks > 0 ? 403 : 200,
                outcome != null ? outcome : blocks > 0 ? "blocked" : "ok",
                false, latencyMs, violations, alerts, blocks, low, medium, high, cachedTokens, cacheWriteTokens,
                costMicros, priceVersion, requestId, userId, conversationId);
    }
}

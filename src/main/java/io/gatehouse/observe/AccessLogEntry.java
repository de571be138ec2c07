package io.gatehouse.observe;

import java.time.Instant;

/**
 * What the access log says about one gateway request, filled in as the request goes along. Only {@code prompt} and
 * {@code completion} may hold request content, and {@link AccessLog} writes them only when body logging is on,
 * redacted. Everything else is metadata: ids (never secrets), names, sizes and times.
 */
public final class AccessLogEntry {
    Instant timestamp;
    String requestId;
    String traceId;
    String method;
    String path;
    int status;
    long durationMs;
    Long overheadMs;
    Long firstChunkMs;
    String clientAddress;
    String userAgent;
    String repoId;
    String apiKeyId;
    String aiLlmId;
    String provider;
    String model;
    Boolean streamed;
    Long tokensIn;
    Long tokensOut;
    String outcome;
    String errorKind;
    String policyAction;
    String prompt;
    String completion;

    public AccessLogEntry request(Instant at, String id, String httpMethod, String httpPath, String address, String agent) {
        timestamp = at;
        requestId = id;
        method = httpMethod;
        path = httpPath;
        clientAddress = address;
        userAgent = agent;
        return this;
    }

    public AccessLogEntry traceId(String id) {
        traceId = id;
        return this;
    }

    /** Who called: the repository and key ids the key resolved to. */
    public AccessLogEntry caller(String repo, String apiKey) {
        repoId = repo;
        apiKeyId = apiKey;
        return this;
    }

    /** Where the request went: configuration, provider and model. */
    public AccessLogEntry route(String aiLlm, String providerName, String modelName, boolean stream) {
        aiLlmId = aiLlm;
        provider = providerName;
        model = modelName;
        streamed = stream;
        return this;
    }

    public AccessLogEntry tokens(long in, long out) {
        tokensIn = in;
        tokensOut = out;
        return this;
    }

    /** How it ended: status sent, outcome ({@code ok}, {@code upstream_error}, {@code blocked}, …), error kind if any. */
    public AccessLogEntry result(int httpStatus, String how, String error) {
        status = httpStatus;
        outcome = how;
        errorKind = error;
        return this;
    }

    /** Times in milliseconds: total, the gateway's own share, and (streams) until the first chunk; nulls left out. */
    public AccessLogEntry timing(long totalMs, Long overhead, Long firstChunk) {
        durationMs = totalMs;
        overheadMs = overhead;
        firstChunkMs = firstChunk;
        return this;
    }

    public AccessLogEntry policyAction(String action) {
        policyAction = action;
        return this;
    }

    /** The prompt and completion text, kept only when body logging is on (and then redacted). */
    public AccessLogEntry bodies(String promptText, String completionText) {
        prompt = promptText;
        completion = completionText;
        return this;
    }
}

package io.gatehouse.provider;

/**
 * The kinds of failure a provider (or the translation) reports, each with the status, OpenAI {@code type}/{@code code}
 * and Anthropic error type the client sees (MAPPING §6.2, pinned by {@code cross/errors-to-openai.json}), and whether
 * the same request may succeed on a later attempt.
 */
public enum ErrorKind {
    INVALID_REQUEST(400, "invalid_request_error", null, "invalid_request_error", false),
    /** The provider refused the gateway's key: the client's key was fine, so not 401. */
    UPSTREAM_AUTH(502, "upstream_error", "upstream_auth_error", "api_error", false),
    BILLING(402, "insufficient_quota", "insufficient_quota", "billing_error", false),
    NOT_FOUND(404, "invalid_request_error", "not_found", "not_found_error", false),
    REQUEST_TOO_LARGE(413, "invalid_request_error", "request_too_large", "request_too_large", false),
    RATE_LIMITED(429, "rate_limit_error", "rate_limit_exceeded", "rate_limit_error", true),
    SERVER(502, "server_error", "upstream_error", "api_error", true),
    OVERLOADED(503, "server_error", "overloaded", "overloaded_error", true),
    UNAVAILABLE(503, "server_error", "upstream_unavailable", "api_error", true),
    TIMEOUT(504, "server_error", "timeout", "timeout_error", true),
    /** A policy of the repository refused the request or the answer (SPEC 5); never worth retrying as is. */
    POLICY_VIOLATION(403, "policy_violation", "policy_blocked", "permission_error", false),
    /** The upstream stream stopped without its terminal event. */
    UPSTREAM_DISCONNECTED(502, "server_error", "upstream_disconnected", "api_error", true);

    private final int status;
    private final String openAiType;
    private final String openAiCode;
    private final String anthropicType;
    private final boolean retryable;

    ErrorKind(int status, String openAiType, String openAiCode, String anthropicType, boolean retryable) {
        this.status = status;
        this.openAiType = openAiType;
        this.openAiCode = openAiCode;
        this.anthropicType = anthropicType;
        this.retryable = retryable;
    }

    public int status() {
        return status;
    }

    public String openAiType() {
        return openAiType;
    }

    public String openAiCode() {
        return openAiCode;
    }

    public String anthropicType() {
        return anthropicType;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The kind an HTTP status implies when the body says nothing more specific. */
    public static ErrorKind forStatus(int status) {
        return switch (status) {
            case 401, 403 -> UPSTREAM_AUTH;
            case 402 -> BILLING;
            case 404 -> NOT_FOUND;
            case 408, 504 -> TIMEOUT;
            case 413 -> REQUEST_TOO_LARGE;
            case 429 -> RATE_LIMITED;
            case 503 -> UNAVAILABLE;
            case 529 -> OVERLOADED;
            default -> status >= 500 ? SERVER : INVALID_REQUEST;
        };
    }
}

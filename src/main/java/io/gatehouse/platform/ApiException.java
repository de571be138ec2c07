package io.gatehouse.platform;

import java.util.Map;

/**
 * A request the Platform API refuses, answered as {@code {"success":false,"message":…,"error_code":…}} with
 * the given status. The message is shown to the caller: it must say what was wrong and never hold a secret.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String errorCode;
    private final Integer retryAfterSeconds;
    private final Map<String, Object> details;

    public ApiException(int status, String errorCode, String message) {
        this(status, errorCode, message, null, Map.of());
    }

    public ApiException(int status, String errorCode, String message, Integer retryAfterSeconds) {
        this(status, errorCode, message, retryAfterSeconds, Map.of());
    }

    /** A refusal that also answers fields a client can act on (beside success, message and error_code). */
    public ApiException(int status, String errorCode, String message, Map<String, Object> details) {
        this(status, errorCode, message, null, details);
    }

    private ApiException(int status, String errorCode, String message, Integer retryAfterSeconds,
                         Map<String, Object> details) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfterSeconds = retryAfterSeconds;
        this.details = details;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    public static ApiException invalid(String message) {
        return new ApiException(422, "validation_failed", message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, "forbidden", message);
    }

    /** Unknown and not-visible objects answer alike, so ids of other tenants cannot be probed. */
    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public static ApiException tooManyRequests(String message, int retryAfterSeconds) {
        return new ApiException(429, "too_many_requests", message, retryAfterSeconds);
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public Map<String, Object> details() {
        return details;
    }
}

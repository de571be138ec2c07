package io.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.ProviderJson;

import java.util.Map;

/**
 * Maps an OpenAI-type upstream's error to what the client gets. The client speaks the same format, so the
 * upstream's {@code type}, {@code code} and {@code param} are kept where the status stays the same (400, 404, 413,
 * 429); credential failures become Gatehouse's 502 and server failures Gatehouse's 5xx (MAPPING §6.2).
 */
public final class OpenAiErrors {
    private OpenAiErrors() {
    }

    /**
     * @param headers the upstream response headers, names in lower case
     */
    public static GatewayError map(int status, Map<String, String> headers, byte[] body) {
        JsonNode error = ProviderJson.readLenient(body).path("error");
        String message = error.path("message").asText(null);
        String type = error.path("type").asText(null);
        String code = error.path("code").isTextual() ? error.path("code").asText() : null;
        ErrorKind kind = ErrorKind.forStatus(status);
        // OpenAI reports an exhausted balance as 429 insufficient_quota: waiting will not help.
        boolean quota = "insufficient_quota".equals(code) || "insufficient_quota".equals(type);
        if (quota) {
            kind = ErrorKind.BILLING;
        }
        GatewayError mapped = GatewayError.fromProvider(kind, message, type, headers.get("retry-after"),
                kind.retryable());
        return switch (kind) {
            case INVALID_REQUEST, NOT_FOUND, REQUEST_TOO_LARGE, RATE_LIMITED -> mapped.withOpenAiFields(type, code,
                    error.path("param").isTextual() ? error.path("param").asText() : null);
            default -> mapped;
        };
    }

    /** Maps the {@code {"error":…}} payload of a mid-stream frame (no HTTP status: the stream had begun with 200). */
    public static GatewayError mapStreamError(byte[] data) {
        JsonNode error = ProviderJson.readLenient(data).path("error");
        String type = error.path("type").asText("");
        ErrorKind kind = switch (type) {
            case "invalid_request_error" -> ErrorKind.INVALID_REQUEST;
            case "rate_limit_error", "tokens", "requests" -> ErrorKind.RATE_LIMITED;
            default -> ErrorKind.SERVER;
        };
        String code = error.path("code").isTextual() ? error.path("code").asText() : null;
        return GatewayError.fromProvider(kind, error.path("message").asText(null), type, null, kind.retryable())
                .withOpenAiFields(type.isEmpty() ? null : type, code, null);
    }
}

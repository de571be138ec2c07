package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.ProviderJson;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * Gemini errors in all their shapes — an object, an object wrapped in a one-element array, or the {@code data:} of
 * a stream chunk — mapped to what an OpenAI client gets (MAPPING §6.2, PITFALLS 29). A bad key arrives as 400
 * {@code INVALID_ARGUMENT} with reason {@code API_KEY_INVALID} and becomes the 502 upstream credential error;
 * {@code RetryInfo.retryDelay} becomes {@code Retry-After}.
 */
public final class GeminiErrors {
    private GeminiErrors() {
    }

    /**
     * @param headers the upstream response headers, names in lower case
     */
    public static GatewayError map(int status, Map<String, String> headers, byte[] body) {
        JsonNode root = ProviderJson.readLenient(body);
        JsonNode error = (root.isArray() ? root.path(0) : root).path("error");
        String statusName = error.path("status").asText("");
        String reason = null;
        String retryDelay = null;
        for (JsonNode detail : error.path("details")) {
            String type = detail.path("@type").asText("");
            if (type.endsWith("google.rpc.ErrorInfo")) {
                reason = detail.path("reason").asText(null);
            } else if (type.endsWith("google.rpc.RetryInfo")) {
                retryDelay = detail.path("retryDelay").asText(null);
            }
        }
        int code = status > 0 ? status : error.path("code").asInt(500);
        ErrorKind kind = "API_KEY_INVALID".equals(reason) ? ErrorKind.UPSTREAM_AUTH : switch (statusName) {
            case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE" -> ErrorKind.INVALID_REQUEST;
            case "UNAUTHENTICATED", "PERMISSION_DENIED" -> ErrorKind.UPSTREAM_AUTH;
            case "NOT_FOUND" -> ErrorKind.NOT_FOUND;
            case "RESOURCE_EXHAUSTED" -> ErrorKind.RATE_LIMITED;
            case "UNAVAILABLE" -> ErrorKind.UNAVAILABLE;
            case "DEADLINE_EXCEEDED" -> ErrorKind.TIMEOUT;
            case "INTERNAL", "UNKNOWN" -> ErrorKind.SERVER;
            default -> ErrorKind.forStatus(code);
        };
        String retryAfter = headers.getOrDefault("retry-after", seconds(retryDelay));
        return GatewayError.fromProvider(kind, error.path("message").asText(null),
                statusName.isEmpty() ? null : statusName, retryAfter, kind.retryable());
    }

    /** The error of a stream chunk whose JSON is {@code {"error":…}} (the stream had begun with HTTP 200). */
    public static GatewayError mapStreamError(byte[] data) {
        return map(0, Map.of(), data);
    }

    /** {@code "27s"} / {@code "27.4s"} → {@code "27"} / {@code "28"}: whole seconds, rounded up. */
    private static String seconds(String duration) {
        if (duration == null || !duration.endsWith("s")) {
            return null;
        }
        try {
            return new BigDecimal(duration.substring(0, duration.length() - 1)).setScale(0, RoundingMode.CEILING)
                    .toPlainString();
        } catch (NumberFormatException unreadable) {
            return null;
        }
    }
}

package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.ProviderJson;

import java.util.Map;

/**
 * Anthropic errors → what an OpenAI client gets (MAPPING §6.2, {@code cross/errors-to-openai.json}): 529
 * {@code overloaded_error} → 503 {@code overloaded}, authentication/permission failures → 502 upstream credential
 * error, 429 with {@code retry-after} kept (a monthly spend cap is not retryable), billing → 402.
 */
public final class AnthropicErrors {
    private AnthropicErrors() {
    }

    /**
     * @param headers the upstream response headers, names in lower case
     */
    public static GatewayError map(int status, Map<String, String> headers, byte[] body) {
        JsonNode error = ProviderJson.readLenient(body).path("error");
        return map(status, error.path("type").asText(null), error.path("message").asText(null),
                error.path("details").path("error_code").asText(null), headers.get("retry-after"));
    }

    /** The error of an {@code event: error} frame inside a stream that began with HTTP 200. */
    static GatewayError mapStreamError(AnthropicEvent event) {
        return map(0, event.errorType, event.errorMessage, event.errorCode, null);
    }

    private static GatewayError map(int status, String type, String message, String errorCode, String retryAfter) {
        ErrorKind kind = type == null ? ErrorKind.forStatus(status) : switch (type) {
            case "invalid_request_error" -> ErrorKind.INVALID_REQUEST;
            case "authentication_error", "permission_error" -> ErrorKind.UPSTREAM_AUTH;
            case "billing_error" -> ErrorKind.BILLING;
            case "not_found_error" -> ErrorKind.NOT_FOUND;
            case "request_too_large" -> ErrorKind.REQUEST_TOO_LARGE;
            case "rate_limit_error" -> ErrorKind.RATE_LIMITED;
            case "overloaded_error" -> ErrorKind.OVERLOADED;
            case "timeout_error" -> ErrorKind.TIMEOUT;
            case "api_error" -> ErrorKind.SERVER;
            default -> status == 0 ? ErrorKind.SERVER : ErrorKind.forStatus(status);
        };
        boolean spendCap = "enforced_spend_limit_reached".equals(errorCode);
        return GatewayError.fromProvider(kind, message, type, retryAfter, kind.retryable() && !spendCap);
    }
}

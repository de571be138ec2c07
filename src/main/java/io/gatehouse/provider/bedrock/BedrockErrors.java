package io.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.ProviderJson;

import java.util.Locale;
import java.util.Map;

/**
 * Bedrock errors → what an OpenAI client gets. AWS names the error in the {@code x-amzn-errortype} header
 * ({@code ThrottlingException:http://…}; in a stream, the {@code :exception-type} header of an exception message)
 * and says why in {@code {"message": …}} (or {@code "Message"}). Throttling and quota → 429; validation → 400;
 * refused credentials or signature (access denied, unrecognised client, bad signature, expired token) → the 502
 * upstream credential error that marks the configuration failing; a model not ready or the service unavailable →
 * 503, worth a fallback; an unknown model → 404; a model timeout → 504.
 */
final class BedrockErrors {
    private BedrockErrors() {
    }

    /**
     * @param headers the upstream response headers, names in lower case
     */
    static GatewayError map(int status, Map<String, String> headers, byte[] body) {
        String type = typeName(headers.get("x-amzn-errortype"));
        return error(type, status, body, headers.get("retry-after"));
    }

    /** An exception message of a ConverseStream event stream ({@code :exception-type}, JSON payload). */
    static GatewayError streamError(String exceptionType, byte[] payload) {
        return error(typeName(exceptionType), 0, payload, null);
    }

    private static GatewayError error(String type, int status, byte[] body, String retryAfter) {
        JsonNode json = ProviderJson.readLenient(body);
        String message = json.path("message").asText(json.path("Message").asText(null));
        if (type == null) {
            type = typeName(json.path("__type").asText(null));
        }
        ErrorKind kind = kind(type, status);
        return GatewayError.fromProvider(kind, message, type, retryAfter, kind.retryable());
    }

    private static ErrorKind kind(String type, int status) {
        String name = type == null ? "" : type.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "throttlingexception", "servicequotaexceededexception", "toomanyrequestsexception" -> ErrorKind.RATE_LIMITED;
            case "validationexception", "serializationexception" -> ErrorKind.INVALID_REQUEST;
            case "accessdeniedexception", "unrecognizedclientexception", "invalidsignatureexception",
                 "incompletesignatureexception", "expiredtokenexception", "missingauthenticationtokenexception",
                 "invalidclienttokenid", "signaturedoesnotmatch" -> ErrorKind.UPSTREAM_AUTH;
            case "modelnotreadyexception", "serviceunavailableexception" -> ErrorKind.UNAVAILABLE;
            case "resourcenotfoundexception" -> ErrorKind.NOT_FOUND;
            case "modeltimeoutexception" -> ErrorKind.TIMEOUT;
            case "modelerrorexception", "modelstreamerrorexception", "internalserverexception" -> ErrorKind.SERVER;
            default -> status == 0 ? ErrorKind.SERVER : ErrorKind.forStatus(status);
        };
    }

    /** {@code ThrottlingException:http://internal.amazon.com/…} or {@code com.amazon.coral#ThrottlingException} → the name. */
    private static String typeName(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String name = raw.strip();
        int colon = name.indexOf(':');
        name = colon >= 0 ? name.substring(0, colon) : name;
        int hash = name.lastIndexOf('#');
        return hash >= 0 ? name.substring(hash + 1) : name;
    }
}

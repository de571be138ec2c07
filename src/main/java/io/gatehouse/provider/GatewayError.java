package io.gatehouse.provider;

import io.gatehouse.crypto.Secret;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A failure already mapped to what the client gets: HTTP status, OpenAI-shaped (or, on the Anthropic ingress,
 * Anthropic-shaped) body, extra response headers such as {@code Retry-After}, and flags for the gateway.
 *
 * @param type                      the OpenAI {@code type} (usually the kind's; a same-format upstream's own value
 *                                  is kept)
 * @param code                      the OpenAI {@code code}, likewise
 * @param retryable                 the same request may succeed later (429, 5xx, overloaded, timeouts): retry or
 *                                  fall back to another configuration
 * @param upstreamCredentialFailure the provider refused the configuration's key: mark the configuration failing
 *                                  and fall back, never retry it as is
 * @param providerType              the provider's own error type or status, for logs ({@code null} when ours)
 */
public record GatewayError(int status, ErrorKind kind, String message, String type, String code, String param,
                           Map<String, String> headers, boolean retryable, boolean upstreamCredentialFailure,
                           String providerType) {

    public GatewayError {
        headers = Map.copyOf(headers);
    }

    public static GatewayError of(ErrorKind kind, String message) {
        return new GatewayError(kind.status(), kind, message, kind.openAiType(), kind.openAiCode(), null, Map.of(),
                kind.retryable(), kind == ErrorKind.UPSTREAM_AUTH, null);
    }

    /** A request the client got wrong, pointing at the offending field when we can. */
    public static GatewayError invalidRequest(String message, String param) {
        ErrorKind kind = ErrorKind.INVALID_REQUEST;
        return new GatewayError(400, kind, message, kind.openAiType(), null, param, Map.of(), false, false, null);
    }

    /**
     * Builds the error for a provider failure of the given kind. Credential failures get a fixed message (the
     * provider's may quote the key); billing failures and spend caps tell SDKs not to retry.
     */
    public static GatewayError fromProvider(ErrorKind kind, String providerMessage, String providerType,
                                            String retryAfterSeconds, boolean retryable) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (retryAfterSeconds != null && retryable) {
            headers.put("retry-after", retryAfterSeconds);
        }
        if (!retryable && (kind == ErrorKind.BILLING || kind == ErrorKind.RATE_LIMITED)) {
            headers.put("x-should-retry", "false");
        }
        boolean credentials = kind == ErrorKind.UPSTREAM_AUTH;
        boolean silent = providerMessage == null || providerMessage.isBlank();
        String message = credentials ? "The provider rejected the gateway's credentials for this AI LLM configuration."
                : !silent ? providerMessage
                : kind == ErrorKind.NOT_FOUND ? "The provider answered 404 Not Found: it does not serve this endpoint"
                        + " (or this model) at the configuration's endpoint."
                : "The provider returned an error.";
        return new GatewayError(kind.status(), kind, message, kind.openAiType(), notFoundCode(kind, providerMessage), null,
                headers, retryable, credentials, providerType);
    }

    /**
     * A provider's 404 is about the model only when it says so; a 404 for an endpoint the provider does not serve
     * (embeddings on a server without them) is a plain {@code not_found}, so nobody hunts for a missing model.
     */
    private static String notFoundCode(ErrorKind kind, String providerMessage) {
        if (kind != ErrorKind.NOT_FOUND) {
            return kind.openAiCode();
        }
        return providerMessage != null && providerMessage.toLowerCase(Locale.ROOT).contains("model")
                ? "model_not_found" : "not_found";
    }

    /** The same error carrying a same-format upstream's own {@code type}, {@code code} and {@code param}. */
    public GatewayError withOpenAiFields(String openAiType, String openAiCode, String openAiParam) {
        return new GatewayError(status, kind, message, openAiType == null ? type : openAiType, openAiCode,
                openAiParam, headers, retryable, upstreamCredentialFailure, providerType);
    }

    /**
     * The same error with the provider's credential scrubbed ({@link Secret#scrub}) from every text that may have come
     * from the provider — message, type, code, param, the provider's own type, header values — before it reaches a
     * client, a log line or the store. Error paths only; {@code null} credential (a keyless server): this error.
     */
    public GatewayError scrubbed(Secret credential) {
        if (credential == null) {
            return this;
        }
        Map<String, String> scrubbedHeaders = new LinkedHashMap<>();
        headers.forEach((name, value) -> scrubbedHeaders.put(name, credential.scrub(value)));
        return new GatewayError(status, kind, credential.scrub(message), credential.scrub(type), credential.scrub(code),
                credential.scrub(param), scrubbedHeaders, retryable, upstreamCredentialFailure,
                credential.scrub(providerType));
    }

    /** Worth trying another configuration of the repository (PITFALLS 28): transient or this configuration's own fault. */
    public boolean fallbackWorthy() {
        return retryable || upstreamCredentialFailure || kind == ErrorKind.BILLING;
    }

    /** {@code {"error":{"message","type","param","code"}}}. */
    public byte[] openAiBody() {
        JsonOut out = new JsonOut(96 + message.length());
        writeOpenAi(out);
        return out.take();
    }

    /** {@code {"type":"error","error":{"type","message"}}}, the message naming the offending field when known. */
    public byte[] anthropicBody() {
        JsonOut out = new JsonOut(64 + message.length());
        writeAnthropic(out);
        return out.take();
    }

    /** The OpenAI mid-stream error frame: {@code data: {"error":…}} and a blank line (no {@code [DONE]} follows). */
    public byte[] openAiStreamFrame() {
        JsonOut out = new JsonOut(110 + message.length());
        out.raw("data: ");
        writeOpenAi(out);
        out.raw("\n\n");
        return out.take();
    }

    /** The Anthropic mid-stream error event. */
    public byte[] anthropicStreamFrame() {
        JsonOut out = new JsonOut(90 + message.length());
        out.raw("event: error\ndata: ");
        writeAnthropic(out);
        out.raw("\n\n");
        return out.take();
    }

    /** Google's {@code {"error":{"code","message","status"}}}, the status the gRPC name of the HTTP status. */
    public byte[] googleBody() {
        JsonOut out = new JsonOut(80 + message.length());
        writeGoogle(out);
        return out.take();
    }

    /** The Gemini mid-stream error chunk: {@code data: {"error":…}} and a blank line, as Gemini sends it. */
    public byte[] googleStreamFrame() {
        JsonOut out = new JsonOut(90 + message.length());
        out.raw("data: ");
        writeGoogle(out);
        out.raw("\n\n");
        return out.take();
    }

    private void writeGoogle(JsonOut out) {
        out.raw("{\"error\":{\"code\":").number(status)
                .raw(",\"message\":").string(param == null ? message : param + ": " + message)
                .raw(",\"status\":").string(googleStatus(status))
                .raw("}}");
    }

    /** The canonical gRPC status Google's APIs name for an HTTP status. */
    static String googleStatus(int status) {
        return switch (status) {
            case 400, 413, 422 -> "INVALID_ARGUMENT";
            case 401 -> "UNAUTHENTICATED";
            case 402, 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 405, 501 -> "UNIMPLEMENTED";
            case 409 -> "ABORTED";
            case 429 -> "RESOURCE_EXHAUSTED";
            case 499 -> "CANCELLED";
            case 502, 503, 529 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
        };
    }

    private void writeOpenAi(JsonOut out) {
        out.raw("{\"error\":{\"message\":").string(message)
                .raw(",\"type\":").string(type)
                .raw(",\"param\":").string(param)
                .raw(",\"code\":").string(code)
                .raw("}}");
    }

    /** Anthropic's shape has no {@code param}: the field leads the message, as in Anthropic's own errors. */
    private void writeAnthropic(JsonOut out) {
        out.raw("{\"type\":\"error\",\"error\":{\"type\":").string(kind.anthropicType())
                .raw(",\"message\":").string(param == null ? message : param + ": " + message)
                .raw("}}");
    }
}

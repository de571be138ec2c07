package io.gatehouse.provider;

/**
 * The client's request cannot be expressed in the upstream's format (e.g. {@code n > 1} to Anthropic, an audio part,
 * a tool-call argument string that is not JSON). Answered with a 400 naming the offending field.
 */
public final class TranslationException extends RuntimeException {
    private final String param;
    private final String code;

    public TranslationException(String message, String param) {
        this(message, param, null);
    }

    /** With an OpenAI error {@code code} such as {@code invalid_type}. */
    public TranslationException(String message, String param, String code) {
        super(message);
        this.param = param;
        this.code = code;
    }

    public String param() {
        return param;
    }

    public GatewayError error() {
        GatewayError error = GatewayError.invalidRequest(getMessage(), param);
        return code == null ? error : error.withOpenAiFields(null, code, param);
    }
}

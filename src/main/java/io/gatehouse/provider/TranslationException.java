package io.gatehouse.provider;

/**
 * The client's request cannot be expressed in the upstream's format (e.g. {@code n > 1} to Anthropic, an audio part,
 * a tool-call argument string that is not JSON). Answered with a 400 naming the offending field.
 */
public final class TranslationException extends RuntimeException {
    private final String param;

    public TranslationException(String message, String param) {
        super(message);
        this.param = param;
    }

    public String param() {
        return param;
    }

    public GatewayError error() {
        return GatewayError.invalidRequest(getMessage(), param);
    }
}

package io.gatehouse.provider;

/**
 * A provider answered a call with success (HTTP 2xx) but the body is not an answer of its API — empty, an error
 * object, another shape. Never passed on as an empty success: the gateway counts it as an upstream error.
 */
public final class UnexpectedAnswer extends RuntimeException {
    public UnexpectedAnswer(String message) {
        super(message, null, false, false);
    }
}

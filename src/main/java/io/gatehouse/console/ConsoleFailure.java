package io.gatehouse.console;

/** A page cannot be shown or an action failed; the message is the API's (never holding a secret) or ours. */
public final class ConsoleFailure extends RuntimeException {
    private final int status;

    public ConsoleFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}

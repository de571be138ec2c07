package io.gatehouse.policy.judge;

/**
 * Why the judge gave no usable answer: its provider failed or was too slow ({@link #timeout()}), or the answer was
 * not the JSON asked for. The message is safe to record and show: it names the configuration and the cause, never a
 * secret and never the judged text.
 */
public final class JudgeException extends RuntimeException {
    private final boolean timeout;

    public JudgeException(String message, boolean timeout) {
        super(message, null, false, false);
        this.timeout = timeout;
    }

    public boolean timeout() {
        return timeout;
    }
}

package io.gatehouse.policy.judge;

/**
 * Why the judge gave no usable answer: its provider failed or was too slow ({@link #timeout()}), or the answer was
 * not the JSON asked for. The message is safe to record and show: it names the configuration and the cause, never a
 * secret and never the judged text. An answer that came but could not be used still cost tokens: {@link #tokensIn()}
 * and {@link #tokensOut()} say how many (0 when no answer came), so they can be counted as the judge's usage.
 */
public final class JudgeException extends RuntimeException {
    private final boolean timeout;
    private final long tokensIn;
    private final long tokensOut;

    public JudgeException(String message, boolean timeout) {
        this(message, timeout, 0, 0);
    }

    public JudgeException(String message, boolean timeout, long tokensIn, long tokensOut) {
        super(message, null, false, false);
        this.timeout = timeout;
        this.tokensIn = tokensIn;
        this.tokensOut = tokensOut;
    }

    /** The same failure, charged with the tokens of the answer it was read from. */
    public JudgeException withTokens(long in, long out) {
        return new JudgeException(getMessage(), timeout, in, out);
    }

    public boolean timeout() {
        return timeout;
    }

    public long tokensIn() {
        return tokensIn;
    }

    public long tokensOut() {
        return tokensOut;
    }
}

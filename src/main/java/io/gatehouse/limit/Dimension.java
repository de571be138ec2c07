package io.gatehouse.limit;

import io.gatehouse.model.KeyLimits;

import java.util.function.Function;

/**
 * One thing a limit counts, in one window, named as the API names the field. Requests count one each when admitted
 * and are never given back; tokens are reserved from an estimate and settled with the provider's usage. A budget in
 * money would be one more dimension of the same kind, counted in micro-dollars.
 */
public enum Dimension {
    RPM("rpm", Window.MINUTE, false, KeyLimits::rpm),
    TPM("tpm", Window.MINUTE, true, KeyLimits::tpm),
    TOKENS_PER_DAY("maxTokensPerDay", Window.DAY, true, KeyLimits::maxTokensPerDay),
    TOKENS_PER_MONTH("maxTokensPerMonth", Window.MONTH, true, KeyLimits::maxTokensPerMonth);

    private final String field;
    private final Window window;
    private final boolean tokens;
    private final Function<KeyLimits, Long> limit;

    Dimension(String field, Window window, boolean tokens, Function<KeyLimits, Long> limit) {
        this.field = field;
        this.window = window;
        this.tokens = tokens;
        this.limit = limit;
    }

    /** The field of {@code limits} that sets it, as the Platform API and metrics name it. */
    public String field() {
        return field;
    }

    public Window window() {
        return window;
    }

    /** Whether it counts tokens (reserved, then settled) rather than requests. */
    public boolean tokens() {
        return tokens;
    }

    /** The limit {@code limits} sets for this dimension, or {@code null} for none. */
    public Long limitIn(KeyLimits limits) {
        return limit.apply(limits);
    }
}

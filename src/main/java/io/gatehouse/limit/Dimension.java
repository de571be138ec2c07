package io.gatehouse.limit;

import io.gatehouse.model.KeyLimits;

import java.util.function.Function;

/**
 * One thing a limit counts, in one window, named as the API names the field. Requests count one each when admitted
 * and are never given back; tokens and money (micro-dollars) are reserved from an estimate and settled with what the
 * provider counted and what that cost.
 */
public enum Dimension {
    RPM("rpm", Window.MINUTE, Measure.REQUESTS, KeyLimits::rpm),
    TPM("tpm", Window.MINUTE, Measure.TOKENS, KeyLimits::tpm),
    TOKENS_PER_DAY("maxTokensPerDay", Window.DAY, Measure.TOKENS, KeyLimits::maxTokensPerDay),
    TOKENS_PER_MONTH("maxTokensPerMonth", Window.MONTH, Measure.TOKENS, KeyLimits::maxTokensPerMonth),
    COST_PER_DAY("maxCostPerDay", Window.DAY, Measure.MICRO_DOLLARS, l -> KeyLimits.micros(l.maxCostPerDay())),
    COST_PER_MONTH("maxCostPerMonth", Window.MONTH, Measure.MICRO_DOLLARS, l -> KeyLimits.micros(l.maxCostPerMonth()));

    /** What a dimension's counter adds up. */
    public enum Measure {
        REQUESTS, TOKENS, MICRO_DOLLARS;

        /** Whether it is reserved from an estimate and settled after the call (rather than counted once). */
        public boolean settled() {
            return this != REQUESTS;
        }
    }

    private final String field;
    private final Window window;
    private final Measure measure;
    private final Function<KeyLimits, Long> limit;

    Dimension(String field, Window window, Measure measure, Function<KeyLimits, Long> limit) {
        this.field = field;
        this.window = window;
        this.measure = measure;
        this.limit = limit;
    }

    /** The field of {@code limits} that sets it, as the Platform API and metrics name it. */
    public String field() {
        return field;
    }

    public Window window() {
        return window;
    }

    public Measure measure() {
        return measure;
    }

    /** The limit {@code limits} sets for this dimension (micro-dollars for money), or {@code null} for none. */
    public Long limitIn(KeyLimits limits) {
        return limit.apply(limits);
    }
}

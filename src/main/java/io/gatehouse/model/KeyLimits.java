package io.gatehouse.model;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.math.BigDecimal;

/**
 * Limits on a repo key, a repository or a workspace (the same fields at each scope): requests and tokens per minute,
 * token budgets per UTC day and month, and money budgets per UTC day and month in US dollars (shown as decimal
 * strings, like costs; counted in micro-dollars). Stored with their owner; the gateway enforces them
 * (docs/limits.md). A missing value means no limit.
 */
public record KeyLimits(Long rpm, Long tpm, Long maxTokensPerDay, Long maxTokensPerMonth,
                        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal maxCostPerDay,
                        @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal maxCostPerMonth) {
    public static final KeyLimits NONE = new KeyLimits(null, null, null, null, null, null);
    /** The largest money budget: a billion dollars, far below what micro-dollars in a long can hold. */
    static final BigDecimal MAX_DOLLARS = BigDecimal.valueOf(1_000_000_000L);

    public KeyLimits {
        maxCostPerDay = plain(maxCostPerDay);
        maxCostPerMonth = plain(maxCostPerMonth);
    }

    /** Whether no field is set (not a bean getter: the API shows the fields only). */
    public boolean setsNothing() {
        return rpm == null && tpm == null && maxTokensPerDay == null && maxTokensPerMonth == null
                && maxCostPerDay == null && maxCostPerMonth == null;
    }

    /** Refuses zero and negative limits, and money budgets with more than six decimals or above the maximum, naming the field. */
    public KeyLimits checked() {
        positive(rpm, "rpm");
        positive(tpm, "tpm");
        positive(maxTokensPerDay, "maxTokensPerDay");
        positive(maxTokensPerMonth, "maxTokensPerMonth");
        amount(maxCostPerDay, "maxCostPerDay");
        amount(maxCostPerMonth, "maxCostPerMonth");
        return this;
    }

    /** A money budget in micro-dollars (exact: it has at most six decimals once checked or read back); null for none. */
    public static Long micros(BigDecimal dollars) {
        return dollars == null ? null : dollars.movePointRight(6).longValueExact();
    }

    /** Micro-dollars as a budget in dollars; null for none. */
    public static BigDecimal dollars(Long micros) {
        return micros == null ? null : BigDecimal.valueOf(micros, 6);
    }

    private static void positive(Long value, String field) {
        if (value != null && value < 1) {
            throw InvalidValueException.refused("limits." + field + " must be a positive whole number (leave it out for no limit)");
        }
    }

    private static void amount(BigDecimal value, String field) {
        if (value != null && (value.signum() <= 0 || value.scale() > 6 || value.compareTo(MAX_DOLLARS) > 0)) {
            throw InvalidValueException.refused("limits." + field + " must be a positive amount of US dollars with at"
                    + " most six decimals, up to " + MAX_DOLLARS + " (a number or a decimal string such as \"12.50\";"
                    + " leave it out for no limit)");
        }
    }

    /** Without trailing zeros and never in exponent notation, so {@code 5.00} and {@code "5"} read back alike. */
    private static BigDecimal plain(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}

package io.gatehouse.model;


/**
 * Limits on one repo key: requests and tokens per minute, and token budgets per day and month. Stored with
 * the key; the gateway enforces them. A missing value means no limit.
 */
public record KeyLimits(Long rpm, Long tpm, Long maxTokensPerDay, Long maxTokensPerMonth) {
    public static final KeyLimits NONE = new KeyLimits(null, null, null, null);

    /** Refuses zero and negative limits, naming the field. */
    public KeyLimits checked() {
        positive(rpm, "rpm");
        positive(tpm, "tpm");
        positive(maxTokensPerDay, "maxTokensPerDay");
        positive(maxTokensPerMonth, "maxTokensPerMonth");
        return this;
    }

    private static void positive(Long value, String field) {
        if (value != null && value < 1) {
            throw InvalidValueException.refused("limits." + field + " must be a positive whole number (leave it out for no limit)");
        }
    }
}

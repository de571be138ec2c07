package io.gatehouse.model;


/**
 * Limits on a repo key, a repository or a workspace (the same fields at each scope): requests and tokens per minute,
 * and token budgets per UTC day and month. Stored with their owner; the gateway enforces them (docs/limits.md). A
 * missing value means no limit.
 */
public record KeyLimits(Long rpm, Long tpm, Long maxTokensPerDay, Long maxTokensPerMonth) {
    public static final KeyLimits NONE = new KeyLimits(null, null, null, null);

    /** Whether no field is set (not a bean getter: the API shows the fields only). */
    public boolean setsNothing() {
        return rpm == null && tpm == null && maxTokensPerDay == null && maxTokensPerMonth == null;
    }

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

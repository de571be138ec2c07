package io.gatehouse.model;


import java.util.Locale;

/** How serious breaking a policy is; a violation carries its policy's risk as {@code severity}. */
public enum RiskType {
    LOW, MEDIUM, HIGH;

    /** A risk type named in any case; anything else is a 400 naming the field. */
    public static RiskType parse(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw InvalidValueException.malformed(field + " is required (LOW, MEDIUM or HIGH)");
        }
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidValueException.malformed(field + " must be LOW, MEDIUM or HIGH");
        }
    }
}

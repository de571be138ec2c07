package io.gatehouse.platform.policy;

import io.gatehouse.platform.ApiException;

import java.util.Locale;

/** How serious breaking a policy is; a violation carries its policy's risk as {@code severity}. */
public enum RiskType {
    LOW, MEDIUM, HIGH;

    /** A risk type named in any case; anything else is a 400 naming the field. */
    public static RiskType parse(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw ApiException.badRequest(field + " is required (LOW, MEDIUM or HIGH)");
        }
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(field + " must be LOW, MEDIUM or HIGH");
        }
    }
}

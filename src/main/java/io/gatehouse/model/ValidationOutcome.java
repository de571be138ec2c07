package io.gatehouse.model;

import java.util.List;

/**
 * What validating a configuration against its provider found: success with the catalog, or failure with the reason
 * ({@code credentialsRefused} when the provider refused the credentials themselves, not just failed to answer).
 */
public record ValidationOutcome(boolean success, String message, List<ModelEntry> models, boolean credentialsRefused) {
    public static ValidationOutcome failed(String message) {
        return new ValidationOutcome(false, message, List.of(), false);
    }
}

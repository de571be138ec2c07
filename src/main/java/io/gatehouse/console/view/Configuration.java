package io.gatehouse.console.view;

import java.time.Instant;
import java.util.List;

/**
 * An AI LLM configuration ({@code /ai/llm}). {@code key} is the optional provider key id, masked, and null when the
 * configuration has none (most have only a secret, which the API never returns in any form). AWS configurations may
 * name a role to assume ({@code roleArn}, {@code externalId}); a session token only shows as set.
 */
public record Configuration(String id, String workspaceId, String name, String aiType, String endpoint, String key,
                            String validationStatus, Instant lastValidatedAt, List<String> models, List<Named> repos,
                            String roleArn, String externalId, String sessionToken) {

    public boolean hasKey() {
        return key != null;
    }

    /** The repositories using it, by name. */
    public String repoNames() {
        return String.join(", ", repos.stream().map(Named::name).toList());
    }
}

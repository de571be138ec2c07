package io.gatehouse.console.view;

import java.time.Instant;

/** A row of {@code /policy/violations} or {@code /policy/alerts}: what both share, and the text each one carries. */
public sealed interface PolicyEvent {
    Instant timestamp();

    String policyName();

    String repoName();

    String repoAiApiKeyName();

    String llmModel();

    String direction();

    /** The violation's explanation or the alert's message. */
    String text();

    /** A violation: its severity, whether the request was blocked, and why. */
    record Violation(Instant timestamp, String policyName, String repoName, String repoAiApiKeyName, String llmModel,
                     String direction, String severity, boolean block, String explanation) implements PolicyEvent {
        @Override
        public String text() {
            return explanation;
        }
    }

    record Alert(Instant timestamp, String policyName, String repoName, String repoAiApiKeyName, String llmModel,
                 String direction, String message) implements PolicyEvent {
        @Override
        public String text() {
            return message;
        }
    }
}

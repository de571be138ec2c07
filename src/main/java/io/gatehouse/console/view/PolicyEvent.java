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

    /**
     * A violation: its severity, whether the request was blocked, the rule's action ({@code actionType}, 3 redact),
     * how many spans a REDACT rule masked (null on rows older than that record), whether the judge failed to decide it (the row then records the fail
     * mode, not a verdict), and why.
     */
    record Violation(Instant timestamp, String policyName, String repoName, String repoAiApiKeyName, String llmModel,
                     String direction, String severity, boolean block, int actionType, Integer maskedSpans,
                     boolean judgeFailure, String explanation) implements PolicyEvent {
        private static final int ALERT = 1;
        private static final int REDACT = 3;

        @Override
        public String text() {
            return explanation;
        }

        /** What happened to the request, in words: blocked, redacted or logged, a judge failure saying so first. */
        public String outcome() {
            String effect = block ? "blocked" : unblockedOutcome();
            return judgeFailure ? "judge failure, " + effect : effect;
        }

        /** What happened when the request was not blocked: a REDACT rule masked its spans, an ALERT rule alerted. */
        public String unblockedOutcome() {
            return switch (actionType) {
                case REDACT -> maskedSpans == null ? "redacted"
                        : "redacted (" + maskedSpans + (maskedSpans == 1 ? " span" : " spans") + " masked)";
                case ALERT -> "alerted";
                default -> "logged";
            };
        }
    }

    /** An alert, raised by an ALERT rule ({@code actionType} 1) or by a BLOCK rule (2) as it blocked. */
    record Alert(Instant timestamp, String policyName, String repoName, String repoAiApiKeyName, String llmModel,
                 String direction, int actionType, String message) implements PolicyEvent {
        public String rule() {
            return actionType == 2 ? "Block rule" : "Alert rule";
        }

        @Override
        public String text() {
            return message;
        }
    }
}

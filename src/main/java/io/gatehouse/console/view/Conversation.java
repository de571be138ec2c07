package io.gatehouse.console.view;

import java.time.Instant;

/** A private-chat conversation ({@code /conversation}); {@code title} null until its first prompt names it. */
public record Conversation(String id, String repoId, Named repo, Instant lastUpdatedAt, String tokensIn, String tokensOut,
                           String title) {

    public String titleText() {
        return title == null ? "New conversation" : title;
    }
}

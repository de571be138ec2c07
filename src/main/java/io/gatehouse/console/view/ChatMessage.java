package io.gatehouse.console.view;

import java.time.Instant;

/** One message of a conversation ({@code /conversation/{id}/messages}): who said it, with which model, and what. */
public record ChatMessage(String id, String role, String content, String model, Instant createdAt) {

    public boolean fromUser() {
        return "user".equals(role);
    }
}

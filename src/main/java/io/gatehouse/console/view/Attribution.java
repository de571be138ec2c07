package io.gatehouse.console.view;

import java.util.Map;

/**
 * The usage page narrowed to the requests that named one end user or one conversation ({@code user=},
 * {@code conversation=}), read with {@code /aistats}' {@code userUuid} and {@code conversationUuid}; empty values
 * when not narrowed.
 */
public record Attribution(String user, String conversation) {
    public static final Attribution NONE = new Attribution("", "");

    public boolean any() {
        return !user.isEmpty() || !conversation.isEmpty();
    }

    /** The page's own parameters. */
    public Map<String, String> query() {
        return Map.of("user", user, "conversation", conversation);
    }

    /** The {@code /aistats} filters. */
    public Map<String, String> filters() {
        return Map.of("userUuid", user, "conversationUuid", conversation);
    }
}

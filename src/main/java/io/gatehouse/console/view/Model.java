package io.gatehouse.console.view;

import java.util.List;

/**
 * A model a repository reaches ({@code /ai/models}): its id, the configuration ({@code llmProvider}) it comes
 * through, and what it does ({@code capabilities}: {@code chat}, {@code embeddings}; empty when the provider's list
 * does not say, as OpenAI's does not).
 */
public record Model(String id, String llmProvider, String aiType, List<String> capabilities) {

    /**
     * Whether "try it" (a chat) should offer it: the provider says it chats, or says nothing and the id does not name
     * an embedding model.
     */
    public boolean chats() {
        return capabilities.isEmpty() ? !id.contains("embedding") : capabilities.contains("chat");
    }
}

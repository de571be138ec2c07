package io.gatehouse.policy.judge;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Usage;
import io.gatehouse.route.Route;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * One non-streaming chat completion that Gatehouse makes for itself, to any provider: how the judge reaches a
 * provider without knowing the gateway that carries the call ({@code gateway.ProviderChat} implements it).
 */
public interface ChatCompletions {
    /**
     * Sends {@code openAiRequest} (an OpenAI Chat Completions body, non-streaming; its {@code model} is replaced by
     * the route's) and completes with the answer, or fails with a {@link Failure} when the provider errs or the whole
     * exchange takes longer than {@code timeout}.
     */
    Future<Completion> complete(Route route, byte[] openAiRequest, Duration timeout);

    /** A completion: the OpenAI-shaped answer and the tokens the provider counted. */
    record Completion(JsonNode response, Usage usage) {
        /** The first choice's text, or null when it has none. */
        public String text() {
            JsonNode content = response.path("choices").path(0).path("message").path("content");
            return content.isTextual() ? content.asText() : null;
        }
    }

    /**
     * Why a completion failed, in words that name the configuration and the cause, never a secret or the prompt;
     * {@code timeout} tells a slow provider from an erring one.
     */
    final class Failure extends RuntimeException {
        private final boolean timeout;

        public Failure(String message, boolean timeout) {
            super(message, null, false, false);
            this.timeout = timeout;
        }

        public boolean timeout() {
            return timeout;
        }
    }
}

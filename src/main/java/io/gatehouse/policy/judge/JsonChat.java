package io.gatehouse.policy.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.route.Route;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.ProviderAdapter;
import io.vertx.core.Future;

import java.io.IOException;
import java.time.Duration;

/**
 * A question to an LLM that must be answered with one JSON object: a system prompt and a user message, sent
 * non-streaming at temperature 0 through {@link ChatCompletions} (so any provider can answer), in the provider's JSON
 * mode ({@code response_format: json_object}, which the Anthropic translation turns into an instruction and the
 * Gemini one into {@code responseMimeType: application/json}). The answer is read leniently: a JSON object alone,
 * in a Markdown fence, or with prose around it.
 */
public final class JsonChat {
    private final ChatCompletions chat;

    /** The parsed answer and the tokens it cost (from the provider's usage). */
    public record Answer(JsonNode json, long tokensIn, long tokensOut) {
    }

    public JsonChat(ChatCompletions chat) {
        this.chat = chat;
    }

    /** Asks {@code route}; fails with a {@link JudgeException} on provider errors, timeouts and non-JSON answers. */
    public Future<Answer> ask(Route route, String system, String user, int maxTokens, Duration timeout) {
        return chat.complete(route, request(route, system, user, maxTokens), timeout)
                .recover(failure -> Future.failedFuture(failure instanceof ChatCompletions.Failure f
                        ? new JudgeException(f.getMessage(), f.timeout())
                        : new JudgeException("The judge call failed: " + failure.getClass().getSimpleName(), false)))
                .map(completion -> {
                    long in = completion.usage().promptTokens();
                    long out = completion.usage().completionTokens();
                    String text = completion.text();
                    JsonNode json = text == null ? null : parseObject(text);
                    if (json == null) {
                        throw new JudgeException("The model of configuration '" + route.upstream().name() + "' "
                                + (text == null || text.isBlank() ? "answered without text." : "did not answer with a JSON object."),
                                false, in, out);
                    }
                    return new Answer(json, in, out);
                });
    }

    /** The OpenAI Chat Completions body for the question. */
    static byte[] request(Route route, String system, String user, int maxTokens) {
        ObjectNode body = ProviderJson.object();
        body.put("model", route.upstreamModel());
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        ProviderAdapter.JudgeOptions options = route.upstream().adapter().judgeOptions(route.upstreamModel());
        if (options.temperatureZero()) {
            body.put("temperature", 0);
        }
        body.put(options.maxTokensField(), maxTokens);
        body.putObject("response_format").put("type", "json_object");
        body.put("stream", false);
        return ProviderJson.write(body);
    }

    /**
     * The JSON object in a model's answer: the whole text, else the inside of a {@code ```json} fence, else the span
     * from the first {@code {} to the last {@code }}; null when none of them parses as an object.
     */
    public static JsonNode parseObject(String text) {
        String trimmed = text.strip();
        JsonNode whole = tryParse(trimmed);
        if (whole != null) {
            return whole;
        }
        int fence = trimmed.indexOf("```");
        if (fence >= 0) {
            int bodyStart = trimmed.indexOf('\n', fence);
            int end = bodyStart < 0 ? -1 : trimmed.indexOf("```", bodyStart);
            if (end > bodyStart) {
                JsonNode fenced = tryParse(trimmed.substring(bodyStart + 1, end).strip());
                if (fenced != null) {
                    return fenced;
                }
            }
        }
        int first = trimmed.indexOf('{');
        int last = trimmed.lastIndexOf('}');
        return first >= 0 && last > first ? tryParse(trimmed.substring(first, last + 1)) : null;
    }

    private static JsonNode tryParse(String candidate) {
        if (!candidate.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = ProviderJson.MAPPER.readTree(candidate);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}

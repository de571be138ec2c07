package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.UnexpectedAnswer;
import io.gatehouse.provider.UpstreamRequest;

import java.util.List;
import java.util.Set;

/**
 * Anthropic's {@code POST /v1/messages/count_tokens}: its answer {@code {"input_tokens":n}}, and the count of a
 * request another ingress sent, built from its Messages translation with only the members the endpoint accepts
 * (it refuses {@code max_tokens}, {@code stream} and the sampling options).
 */
public final class AnthropicCountTokens {
    private static final Set<String> COUNTED = Set.of("model", "messages", "system", "tools", "tool_choice", "thinking");

    private AnthropicCountTokens() {
    }

    /** {@code {"input_tokens":n}}. */
    public static byte[] answer(long inputTokens) {
        return new JsonOut(32).raw("{\"input_tokens\":").number(inputTokens).raw("}").take();
    }

    /** The {@code input_tokens} of a count answer. */
    public static long read(byte[] body) {
        JsonNode tokens = ProviderJson.readLenient(body).path("input_tokens");
        if (!tokens.canConvertToLong()) {
            throw new UnexpectedAnswer("The count answer has no input_tokens.");
        }
        return tokens.asLong();
    }

    /** The count request of a translated Messages request (its members the endpoint does not take removed). */
    static UpstreamRequest of(UpstreamRequest messages) {
        ObjectNode body = (ObjectNode) ProviderJson.read(messages.body());
        body.retain(COUNTED);
        List<Header> headers = messages.headers().stream().filter(h -> !h.name().equalsIgnoreCase("accept")).toList();
        return UpstreamRequest.post("/v1/messages/count_tokens", headers, ProviderJson.write(body));
    }
}

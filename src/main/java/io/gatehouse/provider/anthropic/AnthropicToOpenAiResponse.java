package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.UnexpectedAnswer;
import io.gatehouse.provider.Usage;

import java.time.Clock;

/**
 * Anthropic {@code message} → OpenAI {@code chat.completion} (MAPPING §3): text blocks joined into
 * {@code content} ({@code null} when there are none), each {@code tool_use} a tool call with its input as a JSON
 * string, thinking blocks left out, {@code stop_reason} mapped, usage with cache tokens inside the prompt. A body
 * that is not a message is an {@link UnexpectedAnswer}.
 */
public final class AnthropicToOpenAiResponse {
    private final Clock clock;

    public AnthropicToOpenAiResponse(Clock clock) {
        this.clock = clock;
    }

    public byte[] translate(byte[] anthropicMessage) {
        JsonNode message = message(anthropicMessage);
        StringBuilder text = null;
        JsonOut calls = new JsonOut(256);
        int callCount = 0;
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asText()) {
                case "text" -> text = (text == null ? new StringBuilder() : text).append(block.path("text").asText());
                case "tool_use" -> {
                    calls.raw(callCount++ == 0 ? "" : ",")
                            .raw("{\"id\":").string(block.path("id").asText())
                            .raw(",\"type\":\"function\",\"function\":{\"name\":").string(block.path("name").asText())
                            .raw(",\"arguments\":").string(ProviderJson.writeString(block.path("input").isObject()
                                    ? block.get("input") : ProviderJson.object()))
                            .raw("}}");
                }
                default -> {
                    // thinking, redacted_thinking, server tool blocks: nothing an OpenAI client can use
                }
            }
        }
        AnthropicUsage usage = new AnthropicUsage();
        usage.read(message.path("usage"));
        JsonOut out = new JsonOut(512);
        out.raw("{\"id\":").string(message.path("id").asText())
                .raw(",\"object\":\"chat.completion\",\"created\":").number(clock.instant().getEpochSecond())
                .raw(",\"model\":").string(message.path("model").asText())
                .raw(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":")
                .string(text == null ? null : text.toString());
        if (callCount > 0) {
            out.raw(",\"tool_calls\":[").raw(calls.take()).raw("]");
        }
        out.raw("},\"finish_reason\":").string(StopReasons.toOpenAi(message.path("stop_reason").asText(null))).raw("}]");
        Usage total = usage.toUsage();
        if (total != null) {
            out.raw(",\"usage\":");
            total.writeOpenAi(out);
        }
        out.raw("}");
        return out.take();
    }

    /** The usage of an Anthropic message body, in OpenAI's terms (for metering pass-through responses). */
    public static Usage usage(byte[] anthropicMessage) {
        AnthropicUsage usage = new AnthropicUsage();
        usage.read(message(anthropicMessage).path("usage"));
        return usage.toUsage();
    }

    /**
     * The body as a message: an object with a {@code content} array (possibly empty). An empty body, an error object
     * or any other shape is an {@link UnexpectedAnswer}, also on the pass-through path, which reads usage from here.
     */
    private static JsonNode message(byte[] body) {
        JsonNode message = ProviderJson.read(body);
        if (!message.isObject() || "error".equals(message.path("type").asText()) || !message.path("content").isArray()) {
            throw new UnexpectedAnswer("The answer is not an Anthropic message.");
        }
        return message;
    }
}

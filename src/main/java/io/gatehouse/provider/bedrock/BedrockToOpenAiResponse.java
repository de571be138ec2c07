package io.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.UnexpectedAnswer;
import io.gatehouse.provider.Usage;

import java.time.Clock;

/**
 * Bedrock Converse answer → OpenAI {@code chat.completion}: the text blocks of {@code output.message} joined
 * ({@code null} when there are none; reasoning blocks are left out), each {@code toolUse} block a tool call with its
 * input as JSON text, {@code stopReason} as the finish reason, {@code usage} with its cache counts. A body without
 * {@code output.message} is an {@link UnexpectedAnswer}.
 */
final class BedrockToOpenAiResponse {
    private final Clock clock;
    private final IdGenerator ids;

    BedrockToOpenAiResponse(Clock clock, IdGenerator ids) {
        this.clock = clock;
        this.ids = ids;
    }

    byte[] translate(byte[] converseResponse, String model) {
        JsonNode response = ProviderJson.readLenient(converseResponse);
        JsonNode message = response.path("output").path("message");
        if (!message.isObject()) {
            throw new UnexpectedAnswer("The answer is not a Converse response: no output message.");
        }
        StringBuilder text = null;
        JsonOut calls = new JsonOut(128);
        int callCount = 0;
        for (JsonNode block : message.path("content")) {
            if (block.path("text").isTextual()) {
                text = (text == null ? new StringBuilder() : text).append(block.get("text").asText());
            } else if (block.path("toolUse").isObject()) {
                JsonNode use = block.get("toolUse");
                calls.raw(callCount++ == 0 ? "" : ",")
                        .raw("{\"id\":").string(use.path("toolUseId").isTextual() ? use.get("toolUseId").asText() : ids.next("call_"))
                        .raw(",\"type\":\"function\",\"function\":{\"name\":").string(use.path("name").asText())
                        .raw(",\"arguments\":").string(ProviderJson.writeString(use.path("input").isObject()
                                ? use.get("input") : ProviderJson.object()))
                        .raw("}}");
            }
        }
        JsonOut out = new JsonOut(512);
        out.raw("{\"id\":").string(ids.next("chatcmpl-"))
                .raw(",\"object\":\"chat.completion\",\"created\":").number(clock.instant().getEpochSecond())
                .raw(",\"model\":").string(model)
                .raw(",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":")
                .string(text == null ? null : text.toString());
        if (callCount > 0) {
            out.raw(",\"tool_calls\":[").raw(calls.take()).raw("]");
        }
        out.raw("},\"finish_reason\":").string(StopReasons.toOpenAi(response.path("stopReason").asText(null))).raw("}]");
        Usage usage = BedrockUsage.read(response.path("usage"));
        if (usage != null) {
            out.raw(",\"usage\":");
            usage.writeOpenAi(out);
        }
        out.raw("}");
        return out.take();
    }

    /** The usage of a Converse answer body, in OpenAI's terms. */
    static Usage usage(byte[] converseResponse) {
        return BedrockUsage.read(ProviderJson.readLenient(converseResponse).path("usage"));
    }
}

package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.CallPlan;
import io.gatehouse.provider.ChainedStream;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.ToolCallIds;
import io.gatehouse.provider.UnexpectedAnswer;
import io.gatehouse.provider.openai.OpenAiUsage;


/**
 * OpenAI {@code chat.completion} → Anthropic {@code message} for {@code /anthropic/v1/messages}: the first choice's
 * text as a text block, its tool calls as {@code tool_use} blocks with parsed input, {@code finish_reason} mapped into
 * Anthropic's enum (PITFALLS 33), usage split into input and cache counts.
 */
public final class OpenAiToAnthropicResponse {
    private OpenAiToAnthropicResponse() {
    }

    /**
     * The plan for an Anthropic client of a provider reached through the OpenAI shape: {@code viaOpenAi} answers in
     * chat completions, which this turns into Anthropic messages, whole and streamed.
     */
    public static CallPlan forAnthropicClient(CallPlan viaOpenAi) {
        return new CallPlan(viaOpenAi.request(), body -> translate(viaOpenAi.translate().apply(body)), viaOpenAi.usage(),
                () -> new ChainedStream(viaOpenAi.stream().get(), new OpenAiToAnthropicStream()), viaOpenAi.errors());
    }

    public static byte[] translate(byte[] openAiResponse) {
        JsonNode response = ProviderJson.read(openAiResponse);
        JsonNode choice = response.path("choices").path(0);
        if (!choice.isObject()) {
            throw new UnexpectedAnswer("The answer is not a chat completion: it has no choice.");
        }
        JsonNode message = choice.path("message");
        JsonOut out = new JsonOut(512);
        out.raw("{\"id\":").string(AnthropicShapes.messageId(response.path("id").asText()))
                .raw(",\"type\":\"message\",\"role\":\"assistant\",\"model\":").string(response.path("model").asText())
                .raw(",\"content\":[");
        boolean first = true;
        String text = message.path("content").asText("");
        if (!text.isEmpty()) {
            out.raw("{\"type\":\"text\",\"text\":").string(text).raw("}");
            first = false;
        }
        for (JsonNode call : message.path("tool_calls")) {
            out.raw(first ? "" : ",").raw("{\"type\":\"tool_use\",\"id\":")
                    .string(ToolCallIds.sanitize(call.path("id").asText("")))
                    .raw(",\"name\":").string(call.path("function").path("name").asText())
                    .raw(",\"input\":").raw(ProviderJson.write(input(call.path("function").path("arguments").asText(""))))
                    .raw("}");
            first = false;
        }
        out.raw("],\"stop_reason\":").string(StopReasons.toAnthropic(choice.path("finish_reason").asText(null)))
                .raw(",\"stop_sequence\":null,\"usage\":");
        AnthropicShapes.writeUsage(out, OpenAiUsage.ofResponse(openAiResponse));
        out.raw("}");
        return out.take();
    }

    /** The model's arguments as an object; text that is not a JSON object is kept under {@code _raw}, not lost. */
    private static JsonNode input(String arguments) {
        if (arguments.isBlank()) {
            return ProviderJson.object();
        }
        JsonNode parsed = ProviderJson.parseObject(arguments);
        return parsed != null ? parsed : ProviderJson.object().put("_raw", arguments);
    }
}

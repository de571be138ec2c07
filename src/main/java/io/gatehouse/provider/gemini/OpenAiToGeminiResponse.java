package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.UnexpectedAnswer;
import io.gatehouse.provider.Usage;

/**
 * OpenAI {@code chat.completion} → Gemini {@code GenerateContentResponse}, for the Gemini ingress served by another
 * provider: one candidate per choice, its text a text part, each tool call a {@code functionCall} part (the call's id
 * kept as the part's {@code id} so the client's {@code functionResponse} answers it; arguments parsed back into
 * {@code args}), the finish reason in Gemini's enum, the usage as {@code usageMetadata}.
 */
public final class OpenAiToGeminiResponse {
    private OpenAiToGeminiResponse() {
    }

    public static byte[] translate(byte[] openAiResponse, String model) {
        JsonNode response = ProviderJson.readLenient(openAiResponse);
        if (!response.path("choices").isArray()) {
            throw new UnexpectedAnswer("The answer is not a chat completion: it has no choices.");
        }
        JsonOut out = new JsonOut(512);
        out.raw("{\"candidates\":[");
        int c = 0;
        for (JsonNode choice : response.path("choices")) {
            JsonNode message = choice.path("message");
            out.raw(c++ == 0 ? "" : ",").raw("{\"content\":{\"role\":\"model\",\"parts\":[");
            boolean first = true;
            String text = message.path("content").isTextual() ? message.path("content").asText() : null;
            if (text != null && !text.isEmpty()) {
                out.raw("{\"text\":").string(text).raw("}");
                first = false;
            }
            for (JsonNode call : message.path("tool_calls")) {
                functionCall(out.raw(first ? "" : ","), call.path("id").asText(null),
                        call.path("function").path("name").asText(""), call.path("function").path("arguments").asText(""));
                first = false;
            }
            out.raw("]},\"finishReason\":").string(finishReason(choice.path("finish_reason").asText("stop")))
                    .raw(",\"index\":").number(choice.path("index").asInt(c - 1)).raw("}");
        }
        out.raw("]");
        JsonNode usage = response.path("usage");
        if (usage.isObject()) {
            writeUsage(out.raw(","), new Usage(usage.path("prompt_tokens").asLong(), usage.path("completion_tokens").asLong(),
                    usage.path("total_tokens").asLong(), usage.path("prompt_tokens_details").path("cached_tokens").asLong(),
                    null, usage.path("completion_tokens_details").has("reasoning_tokens")
                    ? usage.path("completion_tokens_details").path("reasoning_tokens").asLong() : null));
        }
        out.raw(",\"modelVersion\":").string(model);
        if (response.path("id").isTextual()) {
            out.raw(",\"responseId\":").string(response.path("id").asText());
        }
        return out.raw("}").take();
    }

    /** A {@code functionCall} part; arguments that are not a JSON object travel as {@code {"arguments": text}}. */
    static void functionCall(JsonOut out, String id, String name, String arguments) {
        JsonNode args = ProviderJson.parseObject(arguments.isBlank() ? "{}" : arguments);
        out.raw("{\"functionCall\":{");
        if (id != null) {
            out.raw("\"id\":").string(id).raw(",");
        }
        out.raw("\"name\":").string(name).raw(",\"args\":");
        out.raw(args != null ? ProviderJson.write(args)
                : ProviderJson.write(ProviderJson.object().put("arguments", arguments)));
        out.raw("}}");
    }

    /** {@code "usageMetadata":{…}} with Gemini's names: thoughts apart from the candidates' tokens, as Gemini counts. */
    static void writeUsage(JsonOut out, Usage usage) {
        long thoughts = usage.reasoningTokens() == null ? 0 : usage.reasoningTokens();
        out.raw("\"usageMetadata\":{\"promptTokenCount\":").number(usage.promptTokens())
                .raw(",\"candidatesTokenCount\":").number(Math.max(0, usage.completionTokens() - thoughts))
                .raw(",\"totalTokenCount\":").number(usage.totalTokens());
        if (thoughts > 0) {
            out.raw(",\"thoughtsTokenCount\":").number(thoughts);
        }
        if (usage.cachedTokens() > 0) {
            out.raw(",\"cachedContentTokenCount\":").number(usage.cachedTokens());
        }
        out.raw("}");
    }

    /** OpenAI's {@code finish_reason} in Gemini's enum (a tool-call turn ends with {@code STOP}, as Gemini's do). */
    static String finishReason(String openAi) {
        return switch (openAi) {
            case "length" -> "MAX_TOKENS";
            case "content_filter" -> "SAFETY";
            default -> "STOP";
        };
    }
}

package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Usage;

import java.io.IOException;

/**
 * Anthropic usage as it accumulates over a stream: {@code message_start} brings input and cache counts,
 * {@code message_delta} cumulative output counts and possibly updated input counts — each value present overwrites,
 * nothing is summed (PITFALLS 14). Converted to OpenAI's convention: cache reads and writes are part of the prompt
 * (PITFALLS 13).
 */
final class AnthropicUsage {
    private long input;
    private long output;
    private long cacheRead;
    private long cacheWrite;
    private Long thinking;
    private boolean seen;

    /** Reads a usage object the parser stands on ({@code START_OBJECT}). */
    void read(JsonParser parser) throws IOException {
        seen = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NUMBER_INT) {
                set(name, parser.getLongValue());
            } else if (name.equals("output_tokens_details") && value == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String detail = parser.currentName();
                    parser.nextToken();
                    if (detail.equals("thinking_tokens") && parser.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                        thinking = parser.getLongValue();
                    } else {
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    void read(JsonNode usage) {
        if (!usage.isObject()) {
            return;
        }
        seen = true;
        usage.properties().forEach(field -> {
            if (field.getValue().isIntegralNumber()) {
                set(field.getKey(), field.getValue().asLong());
            }
        });
        JsonNode thinkingTokens = usage.path("output_tokens_details").path("thinking_tokens");
        if (thinkingTokens.isIntegralNumber()) {
            thinking = thinkingTokens.asLong();
        }
    }

    private void set(String name, long value) {
        switch (name) {
            case "input_tokens" -> input = value;
            case "output_tokens" -> output = value;
            case "cache_read_input_tokens" -> cacheRead = value;
            case "cache_creation_input_tokens" -> cacheWrite = value;
            default -> {
            }
        }
    }

    /** In OpenAI's terms; {@code null} until any usage was seen. */
    Usage toUsage() {
        if (!seen) {
            return null;
        }
        boolean implausible = Usage.outOfRange(input) || Usage.outOfRange(cacheRead) || Usage.outOfRange(cacheWrite);
        long prompt = Usage.clamp(input) + Usage.clamp(cacheRead) + Usage.clamp(cacheWrite);
        long completion = Usage.clamp(output);
        return new Usage(prompt, output, prompt + completion, cacheRead, cacheWrite, thinking, implausible);
    }
}

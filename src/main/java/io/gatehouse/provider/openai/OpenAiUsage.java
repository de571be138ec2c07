package io.gatehouse.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.Usage;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads an OpenAI {@code usage} object with a streaming parser. */
public final class OpenAiUsage {
    private OpenAiUsage() {
    }

    /** Reads the usage object the parser is positioned on ({@code START_OBJECT}); leaves it on its {@code END_OBJECT}. */
    public static Usage read(JsonParser parser) throws IOException {
        long prompt = 0;
        long completion = 0;
        Long total = null;
        long cached = 0;
        Long cacheWrite = null;
        Long reasoning = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "prompt_tokens" -> prompt = parser.getValueAsLong();
                case "completion_tokens" -> completion = parser.getValueAsLong();
                case "total_tokens" -> total = parser.getValueAsLong();
                case "prompt_tokens_details", "completion_tokens_details" -> {
                    if (value != JsonToken.START_OBJECT) {
                        continue;
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String detail = parser.currentName();
                        parser.nextToken();
                        switch (detail) {
                            case "cached_tokens" -> cached = parser.getValueAsLong();
                            case "cache_write_tokens" -> cacheWrite = parser.getValueAsLong();
                            case "reasoning_tokens" -> reasoning = parser.getValueAsLong();
                            default -> parser.skipChildren();
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new Usage(prompt, completion, total == null ? prompt + completion : total, cached, cacheWrite, reasoning);
    }

    /** The usage of a non-streaming response body (chat completion or embeddings); {@code null} if it has none. */
    public static Usage ofResponse(byte[] body) {
        try (JsonParser parser = ProviderJson.parser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("usage") && value == JsonToken.START_OBJECT) {
                    return read(parser);
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

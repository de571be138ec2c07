package io.gatehouse.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.Usage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One OpenAI {@code chat.completion.chunk}, read with a streaming parser into reusable fields: what a translator
 * into another format needs from the first choice, the usage and whether it is an error payload.
 */
public final class OpenAiChunk {

    /** One {@code delta.tool_calls[]} entry; absent strings are {@code null}. */
    public record ToolCallDelta(int index, String id, String name, String arguments) {
    }

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    public String id;
    public String model;
    public boolean error;
    public String content;
    public String finishReason;
    public final List<ToolCallDelta> toolCalls = new ArrayList<>();
    /** Some choice (any index) set a finish reason. */
    public boolean anyChoiceFinished;
    /** {@code "choices": []} — the usage-only chunk. */
    public boolean emptyChoices;
    public Usage usage;
    /** Where the {@code usage} member starts and its value ends, or -1 when the chunk has none. */
    public int usageNameStart;
    public int usageValueEnd;

    /** The {@code data: [DONE]} sentinel that ends an OpenAI stream. */
    public static boolean isDone(byte[] data) {
        return isDone(data, data.length);
    }

    /** The same for the frame {@code data[0, length)}. */
    public static boolean isDone(byte[] data, int length) {
        return length == 6 && Arrays.equals(data, 0, 6, DONE, 0, 6);
    }

    public void read(byte[] data) {
        id = model = content = finishReason = null;
        error = anyChoiceFinished = emptyChoices = false;
        usage = null;
        usageNameStart = usageValueEnd = -1;
        toolCalls.clear();
        try (JsonParser parser = ProviderJson.parser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("chunk is not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                int nameStart = name.equals("usage") ? (int) parser.currentTokenLocation().getByteOffset() : -1;
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "id" -> id = parser.getValueAsString();
                    case "model" -> model = parser.getValueAsString();
                    case "error" -> {
                        error = value == JsonToken.START_OBJECT;
                        parser.skipChildren();
                    }
                    case "choices" -> readChoices(parser, value);
                    case "usage" -> {
                        usageNameStart = nameStart;
                        if (value == JsonToken.START_OBJECT) {
                            usage = OpenAiUsage.read(parser);
                        } else {
                            parser.skipChildren();
                        }
                        usageValueEnd = (int) parser.currentLocation().getByteOffset();
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readChoices(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return;
        }
        JsonToken element = parser.nextToken();
        emptyChoices = element == JsonToken.END_ARRAY;
        for (; element == JsonToken.START_OBJECT; element = parser.nextToken()) {
            ChoiceFields choice = new ChoiceFields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken member = parser.nextToken();
                switch (name) {
                    case "index" -> choice.index = parser.getValueAsInt(0);
                    case "finish_reason" -> choice.finishReason = parser.getValueAsString();
                    case "delta" -> readDelta(parser, member, choice);
                    default -> parser.skipChildren();
                }
            }
            anyChoiceFinished |= choice.finishReason != null;
            if (choice.index == 0) {
                content = choice.content;
                finishReason = choice.finishReason;
                toolCalls.addAll(choice.toolCalls);
            }
        }
    }

    private static void readDelta(JsonParser parser, JsonToken value, ChoiceFields choice) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken member = parser.nextToken();
            if (name.equals("content")) {
                choice.content = parser.getValueAsString();
            } else if (name.equals("tool_calls") && member == JsonToken.START_ARRAY) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    choice.toolCalls.add(readToolCall(parser));
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static ToolCallDelta readToolCall(JsonParser parser) throws IOException {
        int index = 0;
        String id = null;
        String name = null;
        String arguments = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "index" -> index = parser.getValueAsInt(0);
                case "id" -> id = parser.getValueAsString();
                case "function" -> {
                    if (value != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        continue;
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String member = parser.currentName();
                        parser.nextToken();
                        switch (member) {
                            case "name" -> name = parser.getValueAsString();
                            case "arguments" -> arguments = parser.getValueAsString();
                            default -> parser.skipChildren();
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new ToolCallDelta(index, id, name, arguments);
    }

    private static final class ChoiceFields {
        int index;
        String content;
        String finishReason;
        final List<ToolCallDelta> toolCalls = new ArrayList<>(2);
    }
}

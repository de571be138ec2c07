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
                    case "id" -> id = text(parser);
                    case "model" -> model = text(parser);
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
        for (; element != JsonToken.END_ARRAY; element = parser.nextToken()) {
            if (element != JsonToken.START_OBJECT) {
                parser.skipChildren(); // not a choice: skipped, so the rest of the chunk is still read
                continue;
            }
            ChoiceFields choice = new ChoiceFields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken member = parser.nextToken();
                switch (name) {
                    case "index" -> choice.index = integer(parser);
                    case "finish_reason" -> choice.finishReason = text(parser);
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
                choice.content = text(parser);
            } else if (name.equals("tool_calls") && member == JsonToken.START_ARRAY) {
                for (JsonToken call = parser.nextToken(); call != JsonToken.END_ARRAY; call = parser.nextToken()) {
                    if (call == JsonToken.START_OBJECT) {
                        choice.toolCalls.add(readToolCall(parser));
                    } else {
                        parser.skipChildren();
                    }
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
                case "index" -> index = integer(parser);
                case "id" -> id = text(parser);
                case "function" -> {
                    if (value != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        continue;
                    }
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String member = parser.currentName();
                        parser.nextToken();
                        switch (member) {
                            case "name" -> name = text(parser);
                            case "arguments" -> arguments = text(parser);
                            default -> parser.skipChildren();
                        }
                    }
                }
                default -> parser.skipChildren();
            }
        }
        return new ToolCallDelta(index, id, name, arguments);
    }

    /**
     * A member's text ({@code null} unless a scalar). An object or array where text belongs is skipped, so reading
     * stays in step with the document instead of ending the enclosing object early.
     */
    private static String text(JsonParser parser) throws IOException {
        String text = parser.getValueAsString();
        parser.skipChildren();
        return text;
    }

    /** A member's integer (0 unless a number), skipping a container like {@link #text}. */
    private static int integer(JsonParser parser) throws IOException {
        int value = parser.getValueAsInt(0);
        parser.skipChildren();
        return value;
    }

    private static final class ChoiceFields {
        int index;
        String content;
        String finishReason;
        final List<ToolCallDelta> toolCalls = new ArrayList<>(2);
    }
}

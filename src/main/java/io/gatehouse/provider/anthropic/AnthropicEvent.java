package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gatehouse.provider.ProviderJson;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One Anthropic stream event, read with a streaming parser into reusable fields (no tree per event): only what
 * the translators use. Usage found in {@code message.usage} or {@code usage} is applied to the given accumulator.
 */
final class AnthropicEvent {
    String type;
    int index;
    String messageId;
    String model;
    String blockType;
    String blockId;
    String blockName;
    String blockText;
    String deltaType;
    String text;
    String partialJson;
    String stopReason;
    String errorType;
    String errorMessage;
    String errorCode;

    void read(byte[] data, AnthropicUsage usage) {
        type = messageId = model = blockType = blockId = blockName = blockText = null;
        deltaType = text = partialJson = stopReason = errorType = errorMessage = errorCode = null;
        index = -1;
        try (JsonParser parser = ProviderJson.parser(data)) {
            expectObject(parser.nextToken());
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "type" -> type = text(parser);
                    case "index" -> {
                        index = parser.getValueAsInt(-1);
                        parser.skipChildren();
                    }
                    case "message" -> readMessage(parser, value, usage);
                    case "content_block" -> readBlock(parser, value);
                    case "delta" -> readDelta(parser, value);
                    case "usage" -> readUsage(parser, value, usage);
                    case "error" -> readError(parser, value);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new IllegalStateException("content after the event's JSON object");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readMessage(JsonParser parser, JsonToken value, AnthropicUsage usage) throws IOException {
        expectObject(value);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken member = parser.nextToken();
            switch (name) {
                case "id" -> messageId = text(parser);
                case "model" -> model = text(parser);
                case "usage" -> readUsage(parser, member, usage);
                default -> parser.skipChildren();
            }
        }
    }

    private void readBlock(JsonParser parser, JsonToken value) throws IOException {
        expectObject(value);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "type" -> blockType = text(parser);
                case "id" -> blockId = text(parser);
                case "name" -> blockName = text(parser);
                case "text" -> blockText = text(parser);
                default -> parser.skipChildren();
            }
        }
    }

    private void readDelta(JsonParser parser, JsonToken value) throws IOException {
        expectObject(value);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            switch (name) {
                case "type" -> deltaType = text(parser);
                case "text" -> text = text(parser);
                case "partial_json" -> partialJson = text(parser);
                case "stop_reason" -> stopReason = text(parser);
                default -> parser.skipChildren();
            }
        }
    }

    private static void readUsage(JsonParser parser, JsonToken value, AnthropicUsage usage) throws IOException {
        if (value == JsonToken.START_OBJECT) {
            usage.read(parser);
        } else {
            parser.skipChildren();
        }
    }

    private void readError(JsonParser parser, JsonToken value) throws IOException {
        expectObject(value);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken member = parser.nextToken();
            switch (name) {
                case "type" -> errorType = text(parser);
                case "message" -> errorMessage = text(parser);
                case "details" -> {
                    if (member == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String detail = parser.currentName();
                            parser.nextToken();
                            if (detail.equals("error_code")) {
                                errorCode = text(parser);
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
                default -> parser.skipChildren();
            }
        }
    }

    /**
     * A member's text ({@code null} unless a scalar). An object or array where text belongs is skipped, so reading
     * stays in step with the document (and sees all of it) instead of ending the enclosing object early.
     */
    private static String text(JsonParser parser) throws IOException {
        String text = parser.getValueAsString();
        parser.skipChildren();
        return text;
    }

    private static void expectObject(JsonToken token) {
        if (token != JsonToken.START_OBJECT) {
            throw new IllegalStateException("expected a JSON object");
        }
    }
}

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
                    case "type" -> type = parser.getValueAsString();
                    case "index" -> index = parser.getValueAsInt(-1);
                    case "message" -> readMessage(parser, value, usage);
                    case "content_block" -> readBlock(parser, value);
                    case "delta" -> readDelta(parser, value);
                    case "usage" -> readUsage(parser, value, usage);
                    case "error" -> readError(parser, value);
                    default -> parser.skipChildren();
                }
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
                case "id" -> messageId = parser.getValueAsString();
                case "model" -> model = parser.getValueAsString();
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
                case "type" -> blockType = parser.getValueAsString();
                case "id" -> blockId = parser.getValueAsString();
                case "name" -> blockName = parser.getValueAsString();
                case "text" -> blockText = parser.getValueAsString();
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
                case "type" -> deltaType = parser.getValueAsString();
                case "text" -> text = parser.getValueAsString();
                case "partial_json" -> partialJson = parser.getValueAsString();
                case "stop_reason" -> stopReason = parser.getValueAsString();
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
                case "type" -> errorType = parser.getValueAsString();
                case "message" -> errorMessage = parser.getValueAsString();
                case "details" -> {
                    if (member == JsonToken.START_OBJECT) {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String detail = parser.currentName();
                            parser.nextToken();
                            if (detail.equals("error_code")) {
                                errorCode = parser.getValueAsString();
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

    private static void expectObject(JsonToken token) {
        if (token != JsonToken.START_OBJECT) {
            throw new IllegalStateException("expected a JSON object");
        }
    }
}

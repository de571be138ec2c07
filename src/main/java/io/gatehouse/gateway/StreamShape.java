package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ProviderJson;

/**
 * How a streamed answer in the client's format carries text, for the {@link StreamGuard}: which frames add text to
 * which channel (an OpenAI choice, an Anthropic content block), which end a channel, which end the stream, and how
 * to write a text frame for a channel.
 */
enum StreamShape {
    /** {@code data: {"choices":[{"index":i,"delta":{"content":…},"finish_reason":…}]}} … {@code data: [DONE]}. */
    OPENAI {
        @Override
        Frame read(String event, byte[] data, ObjectNode json) {
            if (json == null) {
                return new Frame(isDone(data) ? Kind.TERMINAL : Kind.OTHER, -1, null, null);
            }
            var choices = json.path("choices");
            if (choices.size() != 1) {
                return new Frame(Kind.OTHER, -1, null, json);
            }
            var choice = choices.get(0);
            int index = choice.path("index").asInt();
            if (!choice.path("finish_reason").isNull() && !choice.path("finish_reason").isMissingNode()) {
                return new Frame(Kind.END, index, textOf(choice), json);
            }
            String text = textOf(choice);
            return text == null || text.isEmpty() ? new Frame(Kind.OTHER, index, null, json) : new Frame(Kind.TEXT, index, text, json);
        }

        private static String textOf(com.fasterxml.jackson.databind.JsonNode choice) {
            var content = choice.path("delta").path("content");
            return content.isTextual() ? content.asText() : null;
        }

        private static boolean isDone(byte[] data) {
            return new String(data, java.nio.charset.StandardCharsets.US_ASCII).trim().equals("[DONE]");
        }

        @Override
        byte[] textFrame(ObjectNode template, int channel, String text) {
            ObjectNode frame = template.deepCopy();
            ObjectNode choice = (ObjectNode) frame.path("choices").get(0);
            choice.putNull("finish_reason");
            ObjectNode delta = choice.putObject("delta");
            delta.put("content", text);
            frame.remove("usage");
            return sse(null, frame);
        }
    },
    /** {@code content_block_delta} with {@code text_delta} per block index, {@code content_block_stop}, {@code message_stop}. */
    ANTHROPIC {
        @Override
        Frame read(String event, byte[] data, ObjectNode json) {
            if (json == null) {
                return new Frame(Kind.OTHER, -1, null, null);
            }
            int index = json.path("index").asInt(-1);
            return switch (json.path("type").asText()) {
                case "content_block_delta" -> "text_delta".equals(json.path("delta").path("type").asText())
                        ? new Frame(Kind.TEXT, index, json.path("delta").path("text").asText(), json)
                        : new Frame(Kind.OTHER, index, null, json);
                case "content_block_stop" -> new Frame(Kind.END, index, null, json);
                case "message_stop" -> new Frame(Kind.TERMINAL, -1, null, json);
                default -> new Frame(Kind.OTHER, index, null, json);
            };
        }

        @Override
        byte[] textFrame(ObjectNode template, int channel, String text) {
            ObjectNode frame = ProviderJson.object();
            frame.put("type", "content_block_delta").put("index", channel);
            frame.putObject("delta").put("type", "text_delta").put("text", text);
            return sse("content_block_delta", frame);
        }
    };

    enum Kind {
        /** Adds {@code text} to channel {@code channel}. */
        TEXT,
        /** Ends channel {@code channel} (OpenAI's finish chunk may carry a last piece of text). */
        END,
        /** Ends the stream. */
        TERMINAL,
        OTHER
    }

    record Frame(Kind kind, int channel, String text, ObjectNode json) {
    }

    static StreamShape of(ClientDialect dialect) {
        return dialect == ClientDialect.OPENAI ? OPENAI : ANTHROPIC;
    }

    /** Reads one frame; {@code json} is its data parsed, or {@code null} when it is not a JSON object. */
    abstract Frame read(String event, byte[] data, ObjectNode json);

    /** A frame adding {@code text} to {@code channel}, modelled on an earlier text frame of it. */
    abstract byte[] textFrame(ObjectNode template, int channel, String text);

    static byte[] sse(String event, Object data) {
        try {
            byte[] json = data instanceof byte[] raw ? raw : ProviderJson.MAPPER.writeValueAsBytes(data);
            var out = new io.gatehouse.provider.JsonOut(json.length + 40);
            if (event != null) {
                out.raw("event: ").raw(event).raw("\n");
            }
            return out.raw("data: ").raw(json).raw("\n\n").take();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

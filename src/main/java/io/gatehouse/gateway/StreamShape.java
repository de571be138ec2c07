package io.gatehouse.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.ProviderJson;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * How a streamed answer in the client's format carries text, for the {@link StreamGuard}: which frames add text to
 * which channel (an OpenAI choice's content, reasoning, refusal or one of its tool calls' arguments; an Anthropic
 * content block: text, thinking or a tool call's input; a Gemini candidate's text or thoughts), which
 * end a choice, which end the stream, and how to rewrite or write a text frame.
 */
enum StreamShape {
    /** {@code data: {"choices":[{"index":i,"delta":{"content"|"tool_calls":…},"finish_reason":…}]}} … {@code [DONE]}. */
    OPENAI {
        @Override
        Frame read(byte[] data, ObjectNode json) {
            if (json == null) {
                boolean done = new String(data, StandardCharsets.US_ASCII).trim().equals("[DONE]");
                return new Frame(done ? Kind.TERMINAL : Kind.OTHER, -1, -1, null, null);
            }
            JsonNode choices = json.path("choices");
            if (choices.size() != 1) {
                return new Frame(Kind.OTHER, -1, -1, null, json);
            }
            JsonNode choice = choices.get(0);
            int index = choice.path("index").asInt();
            JsonNode delta = choice.path("delta");
            String content = delta.path("content").isTextual() ? delta.path("content").asText() : null;
            if (!choice.path("finish_reason").isNull() && !choice.path("finish_reason").isMissingNode()) {
                return new Frame(Kind.END, index, index, content, json);
            }
            if (content != null && !content.isEmpty()) {
                return new Frame(Kind.TEXT, index, index, content, json);
            }
            for (int side = 0; side < SIDE_FIELDS.length; side++) {
                JsonNode text = delta.path(SIDE_FIELDS[side]);
                if (text.isTextual() && !text.asText().isEmpty()) {
                    return new Frame(Kind.TEXT, SIDE_CHANNELS + side * 1000 + index, index, text.asText(), json);
                }
            }
            JsonNode calls = delta.path("tool_calls");
            JsonNode arguments = calls.path(0).path("function").path("arguments");
            if (calls.size() == 1 && arguments.isTextual() && !arguments.asText().isEmpty()) {
                return new Frame(Kind.TEXT, toolChannel(index, calls.get(0).path("index").asInt()), index,
                        arguments.asText(), json);
            }
            return new Frame(Kind.OTHER, index, index, null, json);
        }

        @Override
        byte[] replaceText(Frame frame, String text) {
            ObjectNode copy = frame.json().deepCopy();
            ObjectNode delta = (ObjectNode) copy.path("choices").get(0).path("delta");
            if (isTool(frame.channel())) {
                ((ObjectNode) delta.path("tool_calls").get(0).path("function")).put("arguments", text);
            } else {
                delta.put(openAiField(frame.channel()), text);
            }
            return sse(null, copy);
        }

        @Override
        byte[] textFrame(ObjectNode template, int channel, String text) {
            ObjectNode frame = template.deepCopy();
            frame.remove("usage");
            ObjectNode choice = (ObjectNode) frame.path("choices").get(0);
            choice.putNull("finish_reason");
            ObjectNode delta = choice.putObject("delta");
            if (isTool(channel)) {
                ObjectNode call = delta.putArray("tool_calls").addObject();
                call.put("index", channel % 1000);
                call.putObject("function").put("arguments", text);
            } else {
                delta.put(openAiField(channel), text);
            }
            return sse(null, frame);
        }

        @Override
        byte[] withoutText(Frame end) {
            ObjectNode copy = end.json().deepCopy();
            ((ObjectNode) copy.path("choices").get(0).path("delta")).remove("content");
            return sse(null, copy);
        }
    },
    /**
     * {@code content_block_delta} per block index with {@code text_delta}, {@code thinking_delta} or
     * {@code input_json_delta} (a tool call's input as it streams), {@code content_block_stop}, {@code message_stop}.
     */
    ANTHROPIC {
        @Override
        Frame read(byte[] data, ObjectNode json) {
            if (json == null) {
                return new Frame(Kind.OTHER, -1, -1, null, null);
            }
            int index = json.path("index").asInt(-1);
            return switch (json.path("type").asText()) {
                case "content_block_delta" -> {
                    String field = ANTHROPIC_DELTAS.get(json.path("delta").path("type").asText());
                    yield field != null && json.path("delta").path(field).isTextual()
                            ? new Frame(Kind.TEXT, index, index, json.path("delta").path(field).asText(), json)
                            : new Frame(Kind.OTHER, index, index, null, json);
                }
                case "content_block_stop" -> new Frame(Kind.END, index, index, null, json);
                case "message_stop" -> new Frame(Kind.TERMINAL, -1, -1, null, json);
                default -> new Frame(Kind.OTHER, index, index, null, json);
            };
        }

        @Override
        byte[] replaceText(Frame frame, String text) {
            return textFrame(frame.json(), frame.channel(), text);
        }

        @Override
        byte[] textFrame(ObjectNode template, int channel, String text) {
            String type = template.path("delta").path("type").asText();
            ObjectNode frame = ProviderJson.object();
            frame.put("type", "content_block_delta").put("index", channel);
            frame.putObject("delta").put("type", type).put(ANTHROPIC_DELTAS.get(type), text);
            return sse("content_block_delta", frame);
        }

        @Override
        byte[] withoutText(Frame end) {
            return sse("content_block_stop", end.json());
        }
    },

    /**
     * Gemini {@code data: {"candidates":[{"content":{"parts":[{"text"}]},"index":i,"finishReason"}]}}: a chunk of one
     * candidate with one text part adds to that candidate's text (a thought part to its thought channel); a
     * {@code finishReason} ends the candidate; Gemini has no terminal event. Function calls come whole and pass as
     * they are.
     */
    GEMINI {
        @Override
        Frame read(byte[] data, ObjectNode json) {
            JsonNode candidates = json == null ? null : json.path("candidates");
            if (candidates == null || candidates.size() != 1) {
                return new Frame(Kind.OTHER, -1, -1, null, json);
            }
            JsonNode candidate = candidates.get(0);
            int index = candidate.path("index").asInt(0);
            JsonNode parts = candidate.path("content").path("parts");
            JsonNode part = parts.size() == 1 ? parts.get(0) : null;
            String text = part != null && part.path("text").isTextual() ? part.path("text").asText() : null;
            int channel = part != null && part.path("thought").asBoolean(false) ? SIDE_CHANNELS + index : index;
            if (candidate.hasNonNull("finishReason")) {
                return new Frame(Kind.END, channel, index, text, json);
            }
            return text != null && !text.isEmpty() ? new Frame(Kind.TEXT, channel, index, text, json)
                    : new Frame(Kind.OTHER, index, index, null, json);
        }

        @Override
        byte[] replaceText(Frame frame, String text) {
            ObjectNode copy = frame.json().deepCopy();
            ((ObjectNode) geminiParts(copy).get(0)).put("text", text);
            return sse(null, copy);
        }

        @Override
        byte[] textFrame(ObjectNode template, int channel, String text) {
            ObjectNode frame = template.deepCopy();
            frame.remove("usageMetadata");
            ((ObjectNode) frame.path("candidates").get(0)).remove("finishReason");
            ArrayNode parts = geminiParts(frame);
            parts.removeAll();
            ObjectNode part = parts.addObject().put("text", text);
            if (channel >= SIDE_CHANNELS) {
                part.put("thought", true);
            }
            return sse(null, frame);
        }

        @Override
        byte[] withoutText(Frame end) {
            ObjectNode copy = end.json().deepCopy();
            geminiParts(copy).removeAll();
            return sse(null, copy);
        }
    };

    /** The parts of a Gemini chunk's one candidate (created when missing). */
    private static ArrayNode geminiParts(ObjectNode chunk) {
        ObjectNode candidate = (ObjectNode) chunk.path("candidates").get(0);
        ObjectNode content = candidate.path("content") instanceof ObjectNode c ? c : candidate.putObject("content");
        return content.path("parts") instanceof ArrayNode p ? p : content.putArray("parts");
    }

    /** Channels of tool-call arguments: {@code TOOLS + choice * 1000 + tool index}. */
    static final int TOOLS = 1_000_000;
    /** Channels of an OpenAI choice's other texts: {@code SIDE_CHANNELS + field * 1000 + choice}. */
    private static final int SIDE_CHANNELS = 2_000_000;
    /** The OpenAI delta fields besides {@code content} that carry text the client reads. */
    private static final String[] SIDE_FIELDS = {"reasoning_content", "refusal"};
    /** Anthropic delta types that carry text, and the field holding it. */
    private static final Map<String, String> ANTHROPIC_DELTAS =
            Map.of("text_delta", "text", "thinking_delta", "thinking", "input_json_delta", "partial_json");

    enum Kind {
        /** Adds {@code text} to channel {@code channel}. */
        TEXT,
        /** Ends choice {@code choice} (OpenAI's finish chunk may carry a last piece of content). */
        END,
        /** Ends the stream. */
        TERMINAL,
        OTHER
    }

    /** One frame as the guard sees it; {@code json} is its parsed data ({@code null} when not a JSON object). */
    record Frame(Kind kind, int channel, int choice, String text, ObjectNode json) {
    }

    static StreamShape of(ClientDialect dialect) {
        return switch (dialect) {
            case OPENAI -> OPENAI;
            case ANTHROPIC -> ANTHROPIC;
            case GOOGLE -> GEMINI;
        };
    }

    private static int toolChannel(int choice, int tool) {
        return TOOLS + choice * 1000 + Math.floorMod(tool, 1000);
    }

    /** The choice a channel belongs to. */
    static int choiceOf(int channel) {
        if (channel >= SIDE_CHANNELS) {
            return (channel - SIDE_CHANNELS) % 1000;
        }
        return channel >= TOOLS ? (channel - TOOLS) / 1000 : channel;
    }

    private static boolean isTool(int channel) {
        return channel >= TOOLS && channel < SIDE_CHANNELS;
    }

    /** The OpenAI delta field of a channel that is not a tool call's. */
    private static String openAiField(int channel) {
        return channel >= SIDE_CHANNELS ? SIDE_FIELDS[(channel - SIDE_CHANNELS) / 1000] : "content";
    }

    abstract Frame read(byte[] data, ObjectNode json);

    /** {@code frame} (a TEXT frame) with its text replaced, everything else kept. */
    abstract byte[] replaceText(Frame frame, String text);

    /** A new frame adding {@code text} to {@code channel}, modelled on an earlier frame of its choice. */
    abstract byte[] textFrame(ObjectNode template, int channel, String text);

    /** An END frame without the text it carried (which went out, masked, in a frame of its own). */
    abstract byte[] withoutText(Frame end);

    static byte[] sse(String event, Object data) {
        try {
            byte[] json = data instanceof byte[] raw ? raw : ProviderJson.MAPPER.writeValueAsBytes(data);
            JsonOut out = new JsonOut(json.length + 40);
            if (event != null) {
                out.raw("event: ").raw(event).raw("\n");
            }
            return out.raw("data: ").raw(json).raw("\n\n").take();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

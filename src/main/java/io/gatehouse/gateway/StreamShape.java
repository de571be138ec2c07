package io.gatehouse.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.JsonSplice;
import io.gatehouse.provider.ProviderJson;

import java.io.IOException;
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
        /**
         * Read with a streaming parser, not a tree: a relayed chunk is mostly envelope around a few characters of
         * text, and the text's byte span is all {@link #replaceText} needs to rewrite it.
         */
        @Override
        Frame read(byte[] data) {
            try (JsonParser p = ProviderJson.parser(data)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    boolean done = new String(data, StandardCharsets.US_ASCII).trim().equals("[DONE]");
                    return new Frame(done ? Kind.TERMINAL : Kind.OTHER, -1, -1, null, data, null);
                }
                OpenAiChoice choice = null;
                int choices = 0;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (name.equals("choices") && value == JsonToken.START_ARRAY) {
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            if (++choices == 1 && p.currentToken() == JsonToken.START_OBJECT) {
                                choice = OpenAiChoice.read(p);
                            } else {
                                p.skipChildren();
                            }
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                return choices == 1 && choice != null ? choice.frame(data) : new Frame(Kind.OTHER, -1, -1, null, data, null);
            } catch (IOException | RuntimeException notJson) {
                return new Frame(Kind.OTHER, -1, -1, null, data, null);
            }
        }

        @Override
        byte[] replaceText(Frame frame, String text) {
            if (frame.textStart() >= 0) {
                byte[] data = frame.data();
                return sse(null, new JsonSplice(data).replace(frame.textStart(), frame.textEnd(), JsonOut.quoted(text)).apply());
            }
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
        Frame read(byte[] data) {
            ObjectNode json = tree(data);
            if (json == null) {
                return new Frame(Kind.OTHER, -1, -1, null, data, null);
            }
            int index = json.path("index").asInt(-1);
            return switch (json.path("type").asText()) {
                case "content_block_delta" -> {
                    String field = ANTHROPIC_DELTAS.get(json.path("delta").path("type").asText());
                    yield field != null && json.path("delta").path(field).isTextual()
                            ? new Frame(Kind.TEXT, index, index, json.path("delta").path(field).asText(), data, json)
                            : new Frame(Kind.OTHER, index, index, null, data, json);
                }
                case "content_block_stop" -> new Frame(Kind.END, index, index, null, data, json);
                case "message_stop" -> new Frame(Kind.TERMINAL, -1, -1, null, data, json);
                default -> new Frame(Kind.OTHER, index, index, null, data, json);
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
        Frame read(byte[] data) {
            ObjectNode json = tree(data);
            JsonNode candidates = json == null ? null : json.path("candidates");
            if (candidates == null || candidates.size() != 1) {
                return new Frame(Kind.OTHER, -1, -1, null, data, json);
            }
            JsonNode candidate = candidates.get(0);
            int index = candidate.path("index").asInt(0);
            JsonNode parts = candidate.path("content").path("parts");
            JsonNode part = parts.size() == 1 ? parts.get(0) : null;
            String text = part != null && part.path("text").isTextual() ? part.path("text").asText() : null;
            int channel = part != null && part.path("thought").asBoolean(false) ? SIDE_CHANNELS + index : index;
            if (candidate.hasNonNull("finishReason")) {
                return new Frame(Kind.END, channel, index, text, data, json);
            }
            return text != null && !text.isEmpty() ? new Frame(Kind.TEXT, channel, index, text, data, json)
                    : new Frame(Kind.OTHER, index, index, null, data, json);
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

    /**
     * One frame as the guard sees it: its data, and {@code json}, its parsed tree ({@code null} when not a JSON
     * object, or when it was read without one: then {@link #json()} parses it when asked). {@code textStart} and
     * {@code textEnd} are the byte span of its text's JSON string in {@code data}, when the reader knows it.
     */
    record Frame(Kind kind, int channel, int choice, String text, byte[] data, ObjectNode json, int textStart, int textEnd) {
        Frame(Kind kind, int channel, int choice, String text, byte[] data, ObjectNode json) {
            this(kind, channel, choice, text, data, json, -1, -1);
        }

        @Override
        public ObjectNode json() {
            return json != null ? json : tree(data);
        }
    }

    /** One OpenAI choice as a streaming parse found it: what {@link Frame} needs, and where its text lies. */
    private static final class OpenAiChoice {
        int index;
        boolean finished;
        String content;
        boolean contentIsText;
        int side = -1;
        String sideText;
        int tools;
        int toolIndex;
        String arguments;
        int start = -1;
        int end = -1;
        int sideStart = -1;
        int sideEnd = -1;
        int argumentsStart = -1;
        int argumentsEnd = -1;

        /** Reads the choice object the parser is at (its START_OBJECT) up to its END_OBJECT. */
        static OpenAiChoice read(JsonParser p) throws IOException {
            OpenAiChoice c = new OpenAiChoice();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "index" -> c.index = value == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : 0;
                    case "finish_reason" -> c.finished = value != JsonToken.VALUE_NULL;
                    case "delta" -> {
                        if (value == JsonToken.START_OBJECT) {
                            c.readDelta(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return c;
        }

        private void readDelta(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("content") && value == JsonToken.VALUE_STRING) {
                    start = (int) p.currentTokenLocation().getByteOffset();
                    content = p.getText();
                    contentIsText = true;
                    end = (int) p.currentLocation().getByteOffset();
                } else if (name.equals("tool_calls") && value == JsonToken.START_ARRAY) {
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (++tools == 1 && p.currentToken() == JsonToken.START_OBJECT) {
                            readToolCall(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                } else if (value == JsonToken.VALUE_STRING && sideField(name) >= 0
                        && (side < 0 || sideField(name) < side)) {
                    String text = p.getText();
                    if (!text.isEmpty()) {
                        side = sideField(name);
                        sideStart = (int) p.currentTokenLocation().getByteOffset();
                        sideText = text;
                        sideEnd = (int) p.currentLocation().getByteOffset();
                    }
                } else {
                    p.skipChildren();
                }
            }
        }

        private void readToolCall(JsonParser p) throws IOException {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("index") && value == JsonToken.VALUE_NUMBER_INT) {
                    toolIndex = p.getIntValue();
                } else if (name.equals("function") && value == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String field = p.currentName();
                        if (p.nextToken() == JsonToken.VALUE_STRING && field.equals("arguments")) {
                            argumentsStart = (int) p.currentTokenLocation().getByteOffset();
                            arguments = p.getText();
                            argumentsEnd = (int) p.currentLocation().getByteOffset();
                        } else {
                            p.skipChildren();
                        }
                    }
                } else {
                    p.skipChildren();
                }
            }
        }

        private static int sideField(String name) {
            for (int i = 0; i < SIDE_FIELDS.length; i++) {
                if (SIDE_FIELDS[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        /** The same reading as the tree's: an END with any content, else the first text the choice carries. */
        Frame frame(byte[] data) {
            String text = contentIsText ? content : null;
            if (finished) {
                return new Frame(Kind.END, index, index, text, data, null, start, end);
            }
            if (text != null && !text.isEmpty()) {
                return new Frame(Kind.TEXT, index, index, text, data, null, start, end);
            }
            if (side >= 0) {
                return new Frame(Kind.TEXT, SIDE_CHANNELS + side * 1000 + index, index, sideText, data, null, sideStart, sideEnd);
            }
            if (tools == 1 && arguments != null && !arguments.isEmpty()) {
                return new Frame(Kind.TEXT, toolChannel(index, toolIndex), index, arguments, data, null,
                        argumentsStart, argumentsEnd);
            }
            return new Frame(Kind.OTHER, index, index, null, data, null);
        }
    }

    /** A frame's data as a JSON object, or {@code null} when it is not one. */
    private static ObjectNode tree(byte[] data) {
        return ProviderJson.parseObject(new String(data, StandardCharsets.UTF_8));
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

    /** Reads one frame's data (the bytes after {@code data:}). */
    abstract Frame read(byte[] data);

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

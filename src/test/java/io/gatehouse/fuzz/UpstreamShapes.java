package io.gatehouse.fuzz;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.gatehouse.provider.ProviderJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.gatehouse.fuzz.Json.NODES;
import static io.gatehouse.fuzz.Json.arrayOf;
import static io.gatehouse.fuzz.Json.bool;
import static io.gatehouse.fuzz.Json.integer;
import static io.gatehouse.fuzz.Json.object;
import static io.gatehouse.fuzz.Json.oneOfText;
import static io.gatehouse.fuzz.Json.textNode;

/**
 * What providers answer: whole responses of the three formats, their stream events as SSE in the many spellings the
 * format allows (CRLF or CR line ends, comments, a BOM, pretty-printed JSON over several {@code data:} lines, a
 * missing last blank line), and ways to cut a byte stream into reads.
 */
public final class UpstreamShapes {
    /** Pretty JSON, non-ASCII escaped so that unpaired surrogates survive the trip through UTF-8. */
    private static final ObjectWriter PRETTY = ProviderJson.MAPPER.writerWithDefaultPrettyPrinter()
            .with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private UpstreamShapes() {
    }

    /** Mostly small indexes, now and then a negative or huge one. */
    private static Gen<JsonNode> index() {
        return Gen.<JsonNode>weighted().or(8, Gen.ints(0, 3).map(NODES::numberNode)).or(1, integer());
    }

    private static Gen<JsonNode> tokenCount() {
        return Gen.<JsonNode>weighted().or(8, Gen.ints(0, 5000).map(NODES::numberNode)).or(1, integer());
    }

    // ---- Anthropic ----

    private static Gen<JsonNode> anthropicUsage() {
        return object().maybe("input_tokens", tokenCount(), 0.9).maybe("output_tokens", tokenCount(), 0.9)
                .maybe("cache_read_input_tokens", tokenCount(), 0.3)
                .maybe("cache_creation_input_tokens", tokenCount(), 0.3)
                .maybe("output_tokens_details", object().maybe("thinking_tokens", tokenCount(), 0.8).build(), 0.1)
                .build();
    }

    private static Gen<JsonNode> anthropicBlock() {
        Gen<JsonNode> text = object().with("type", NODES.textNode("text")).with("text", textNode()).build();
        Gen<JsonNode> toolUse = object().with("type", NODES.textNode("tool_use")).with("id", textNode())
                .with("name", textNode()).with("input", Gen.oneOf(object().maybe("q", textNode(), 0.7).build(),
                        Json.any(1))).build();
        Gen<JsonNode> other = object().with("type", oneOfText("thinking", "redacted_thinking", "server_tool_use"))
                .maybe("thinking", textNode(), 0.5).build();
        return Gen.<JsonNode>weighted().or(4, text).or(2, toolUse).or(1, other);
    }

    private static Gen<JsonNode> stopReason() {
        return Gen.oneOf(oneOfText("end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn",
                "refusal", "model_context_window_exceeded"), Gen.constant(NODES.nullNode()));
    }

    public static Gen<JsonNode> anthropicMessage() {
        return object().with("id", oneOfText("msg_01")).with("type", NODES.textNode("message"))
                .with("role", NODES.textNode("assistant")).with("model", textNode())
                .with("content", arrayOf(anthropicBlock(), 0, 4)).with("stop_reason", stopReason())
                .maybe("stop_sequence", textNode(), 0.2).maybe("usage", anthropicUsage(), 0.9).build();
    }

    /** Anthropic stream events: a {@code message_start}, blocks with their deltas, the end; the order is varied. */
    public static Gen<List<Frame>> anthropicEvents() {
        Gen<JsonNode> start = object().with("type", NODES.textNode("message_start"))
                .with("message", object().with("id", oneOfText("msg_01")).with("type", NODES.textNode("message"))
                        .with("role", NODES.textNode("assistant")).with("model", textNode())
                        .with("content", NODES.arrayNode()).maybe("usage", anthropicUsage(), 0.9).build()).build();
        Gen<JsonNode> blockStart = object().with("type", NODES.textNode("content_block_start"))
                .with("index", index()).with("content_block", anthropicBlock()).build();
        Gen<JsonNode> delta = Gen.oneOf(
                object().with("type", NODES.textNode("text_delta")).with("text", textNode()).build(),
                object().with("type", NODES.textNode("input_json_delta")).with("partial_json", oneOfText("{\"q\":", "\"x\"}", "")).build(),
                object().with("type", oneOfText("thinking_delta", "signature_delta")).maybe("thinking", textNode(), 0.5).build());
        Gen<JsonNode> blockDelta = object().with("type", NODES.textNode("content_block_delta"))
                .with("index", index()).with("delta", delta).build();
        Gen<JsonNode> blockStop = object().with("type", NODES.textNode("content_block_stop")).with("index", index())
                .build();
        Gen<JsonNode> messageDelta = object().with("type", NODES.textNode("message_delta"))
                .with("delta", object().with("stop_reason", stopReason()).maybe("stop_sequence", textNode(), 0.1).build())
                .maybe("usage", anthropicUsage(), 0.9).build();
        Gen<JsonNode> stop = object().with("type", NODES.textNode("message_stop")).build();
        Gen<JsonNode> ping = object().with("type", NODES.textNode("ping")).build();
        Gen<JsonNode> error = object().with("type", NODES.textNode("error"))
                .with("error", object().with("type", oneOfText("overloaded_error", "api_error", "invalid_request_error"))
                        .with("message", textNode()).build()).build();
        Gen<JsonNode> middle = Gen.<JsonNode>weighted().or(3, blockStart).or(5, blockDelta).or(3, blockStop).or(1, ping).or(1, messageDelta).or(1, error);
        Gen<List<JsonNode>> starts = start.list(0, 1);
        Gen<List<JsonNode>> middles = middle.list(0, 8);
        Gen<List<JsonNode>> ends = messageDelta.list(0, 1);
        Gen<List<JsonNode>> stops = stop.list(0, 1);
        Gen<List<JsonNode>> body = data -> concat(starts.draw(data), middles.draw(data), ends.draw(data),
                stops.draw(data));
        return named(Json.mutatedEach(body, 2), true);
    }

    // ---- Gemini ----

    private static Gen<JsonNode> geminiPart() {
        Gen<JsonNode> text = object().with("text", textNode()).maybe("thought", bool(), 0.2)
                .maybe("thoughtSignature", textNode(), 0.1).build();
        Gen<JsonNode> call = object().with("functionCall", object().with("name", oneOfText("get_weather", "lookup"))
                        .maybe("id", textNode(), 0.3).maybe("args", Gen.oneOf(object().maybe("q", textNode(), 0.7).build(),
                                Json.any(2)), 0.9).build())
                .maybe("thoughtSignature", textNode(), 0.3).build();
        return Gen.<JsonNode>weighted().or(4, text).or(2, call);
    }

    public static Gen<JsonNode> geminiResponse() {
        Gen<JsonNode> candidate = object().maybe("index", index(), 0.5)
                .maybe("content", object().with("role", NODES.textNode("model"))
                        .maybe("parts", arrayOf(geminiPart(), 0, 3), 0.9).build(), 0.9)
                .maybe("finishReason", oneOfText("STOP", "MAX_TOKENS", "SAFETY", "RECITATION", "MALFORMED_FUNCTION_CALL",
                        "OTHER"), 0.5)
                .build();
        Gen<JsonNode> usage = object().maybe("promptTokenCount", tokenCount(), 0.9)
                .maybe("candidatesTokenCount", tokenCount(), 0.8).maybe("totalTokenCount", tokenCount(), 0.8)
                .maybe("thoughtsTokenCount", tokenCount(), 0.2).maybe("cachedContentTokenCount", tokenCount(), 0.2)
                .maybe("toolUsePromptTokenCount", tokenCount(), 0.1).build();
        Gen<JsonNode> ok = object().maybe("candidates", arrayOf(candidate, 0, 2), 0.9)
                .maybe("usageMetadata", usage, 0.6).maybe("modelVersion", textNode(), 0.5)
                .maybe("responseId", textNode(), 0.5)
                .maybe("promptFeedback", object().maybe("blockReason", oneOfText("SAFETY", "OTHER"), 0.8).build(), 0.1)
                .build();
        Gen<JsonNode> error = object().with("error", object().with("code", integer()).with("message", textNode())
                .with("status", oneOfText("RESOURCE_EXHAUSTED", "INVALID_ARGUMENT")).build()).build();
        return Gen.<JsonNode>weighted().or(9, ok).or(1, error);
    }

    public static Gen<List<Frame>> geminiChunks() {
        return named(Json.mutatedEach(geminiResponse().list(0, 6), 2), false);
    }

    // ---- OpenAI ----

    private static Gen<JsonNode> openAiUsage() {
        return object().maybe("prompt_tokens", tokenCount(), 0.9).maybe("completion_tokens", tokenCount(), 0.9)
                .maybe("total_tokens", tokenCount(), 0.8)
                .maybe("prompt_tokens_details", object().maybe("cached_tokens", tokenCount(), 0.8).build(), 0.3)
                .maybe("completion_tokens_details", object().maybe("reasoning_tokens", tokenCount(), 0.8).build(), 0.3)
                .build();
    }

    private static Gen<JsonNode> finishReason() {
        return Gen.oneOf(oneOfText("stop", "length", "tool_calls", "content_filter", "function_call"),
                Gen.constant(NODES.nullNode()));
    }

    public static Gen<JsonNode> openAiCompletion() {
        Gen<JsonNode> call = object().with("id", textNode()).with("type", NODES.textNode("function"))
                .with("function", object().with("name", textNode()).with("arguments",
                        oneOfText("{}", "{\"q\":\"x\"}", "", "[1]", "nope")).build()).build();
        Gen<JsonNode> choice = object().with("index", index())
                .with("message", object().with("role", NODES.textNode("assistant"))
                        .with("content", Gen.oneOf(textNode(), Gen.constant(NODES.nullNode())))
                        .maybe("tool_calls", arrayOf(call, 0, 3), 0.4).maybe("refusal", textNode(), 0.1).build())
                .with("finish_reason", finishReason()).build();
        return object().with("id", oneOfText("chatcmpl-1")).with("object", NODES.textNode("chat.completion"))
                .with("created", integer()).with("model", textNode()).with("choices", arrayOf(choice, 0, 2))
                .maybe("usage", openAiUsage(), 0.8).maybe("system_fingerprint", textNode(), 0.2).build();
    }

    /** OpenAI chunks, the usage-only chunk, error frames and {@code [DONE]}. */
    public static Gen<List<Frame>> openAiChunks() {
        Gen<JsonNode> toolDelta = object().with("index", index()).maybe("id", textNode(), 0.5)
                .maybe("type", oneOfText("function"), 0.5)
                .with("function", object().maybe("name", oneOfText("get_weather", "lookup"), 0.5)
                        .maybe("arguments", oneOfText("{\"q\":", "\"x\"}", ""), 0.8).build()).build();
        Gen<JsonNode> choice = object().with("index", index())
                .with("delta", object().maybe("role", oneOfText("assistant"), 0.2).maybe("content", textNode(), 0.6)
                        .maybe("tool_calls", arrayOf(toolDelta, 0, 2), 0.3).maybe("refusal", textNode(), 0.05).build())
                .maybe("finish_reason", finishReason(), 0.7).build();
        Gen<JsonNode> chunk = object().with("id", oneOfText("chatcmpl-1")).with("object", NODES.textNode("chat.completion.chunk"))
                .with("created", integer()).with("model", textNode()).with("choices", arrayOf(choice, 0, 2))
                .maybe("usage", Gen.oneOf(openAiUsage(), Gen.constant(NODES.nullNode())), 0.3).build();
        Gen<JsonNode> error = object().with("error", object().with("message", textNode())
                .with("type", oneOfText("server_error", "rate_limit_exceeded")).maybe("code", textNode(), 0.5).build()).build();
        Gen<List<JsonNode>> chunks = Gen.<JsonNode>weighted().or(9, chunk).or(1, error).list(0, 8);
        Gen<List<Frame>> frames = named(Json.mutatedEach(chunks, 2), false);
        return Gen.combine(frames, Gen.of(true, true, false), (list, done) -> {
            List<Frame> all = new ArrayList<>(list);
            if (done) {
                all.add(new Frame(null, "[DONE]"));
            }
            return all;
        });
    }

    // ---- SSE ----

    /** One SSE frame: an optional {@code event:} name and the data text (JSON, or {@code [DONE]}). */
    public record Frame(String event, String data) {
    }

    /** How a stream is spelt: line ends, a BOM, comments, names, pretty JSON, the final blank line. */
    public record Spelling(String lineEnd, boolean bom, boolean comments, boolean spaceAfterColon, boolean pretty,
                           boolean lastBlankLine) {
    }

    public static Gen<Spelling> spelling() {
        Gen<String> lineEnds = Gen.of("\n", "\n", "\r\n", "\r");
        return data -> new Spelling(lineEnds.draw(data), Gen.chance(data, 0.1), Gen.chance(data, 0.2),
                Gen.chance(data, 0.8), Gen.chance(data, 0.2), Gen.chance(data, 0.9));
    }

    private static Gen<List<Frame>> named(Gen<List<JsonNode>> events, boolean anthropic) {
        return events.map(list -> list.stream().map(data -> new Frame(
                anthropic ? eventName(data.path("type").textValue()) : null, new String(Json.bytes(data), StandardCharsets.UTF_8)))
                .toList());
    }

    /** The name as an {@code event:} line can carry it ({@code null} for none). */
    private static String eventName(String name) {
        return name == null || name.isEmpty() || name.startsWith(" ") || name.contains("\n") || name.contains("\r")
                || !StandardCharsets.UTF_8.newEncoder().canEncode(name) ? null : name;
    }

    public static byte[] render(List<Frame> frames, Spelling spelling) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String colon = spelling.spaceAfterColon() ? ": " : ":";
        String end = spelling.lineEnd();
        if (spelling.bom()) {
            out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            StringBuilder text = new StringBuilder();
            if (spelling.comments()) {
                text.append(": keep-alive").append(end);
            }
            if (frame.event() != null) {
                text.append("event").append(colon).append(frame.event()).append(end);
            }
            String data = spelling.pretty() ? pretty(frame.data()) : frame.data();
            for (String line : data.split("\n", -1)) {
                text.append("data").append(colon).append(line).append(end);
            }
            if (i < frames.size() - 1 || spelling.lastBlankLine()) {
                text.append(end);
            }
            out.writeBytes(text.toString().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static String pretty(String data) {
        try {
            return PRETTY.writeValueAsString(ProviderJson.MAPPER.readTree(data));
        } catch (IOException notJson) {
            return data;
        }
    }

    /** Upstream bodies: rendered frames, sometimes damaged, sometimes raw bytes. */
    public static Gen<byte[]> stream(Gen<List<Frame>> frames) {
        Gen<byte[]> rendered = Gen.combine(frames, spelling(), UpstreamShapes::render);
        return Gen.<byte[]>weighted().or(6, rendered).or(2, Json.garbled(rendered)).or(1, Json.rawBytes());
    }

    /** Read sizes: a stream is fed in reads of these sizes, in turn. */
    public static Gen<List<Integer>> reads() {
        return Gen.<Integer>weighted().or(4, Gen.ints(1, 7)).or(2, Gen.ints(8, 300)).or(1, Gen.constant(1 << 20))
                .list(1, 6);
    }

    /** {@code input} cut into reads of the given sizes (cycled). */
    public static List<byte[]> cut(byte[] input, List<Integer> sizes) {
        List<byte[]> pieces = new ArrayList<>();
        int at = 0;
        for (int i = 0; at < input.length; i++) {
            int size = Math.min(sizes.get(i % sizes.size()), input.length - at);
            pieces.add(java.util.Arrays.copyOfRange(input, at, at + size));
            at += size;
        }
        return pieces;
    }

    @SafeVarargs
    private static List<JsonNode> concat(List<JsonNode>... parts) {
        List<JsonNode> all = new ArrayList<>();
        for (List<JsonNode> part : parts) {
            all.addAll(part);
        }
        return all;
    }
}

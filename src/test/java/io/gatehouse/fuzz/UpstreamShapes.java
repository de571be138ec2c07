package io.gatehouse.fuzz;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.gatehouse.provider.ProviderJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

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
    private static Arbitrary<JsonNode> index() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(0, 3).map(i -> (JsonNode) NODES.numberNode(i))),
                Tuple.of(1, integer()));
    }

    private static Arbitrary<JsonNode> tokenCount() {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(0, 5000).map(i -> (JsonNode) NODES.numberNode(i))),
                Tuple.of(1, integer()));
    }

    // ---- Anthropic ----

    private static Arbitrary<JsonNode> anthropicUsage() {
        return object().maybe("input_tokens", tokenCount(), 0.9).maybe("output_tokens", tokenCount(), 0.9)
                .maybe("cache_read_input_tokens", tokenCount(), 0.3)
                .maybe("cache_creation_input_tokens", tokenCount(), 0.3)
                .maybe("output_tokens_details", object().maybe("thinking_tokens", tokenCount(), 0.8).build(), 0.1)
                .build();
    }

    private static Arbitrary<JsonNode> anthropicBlock() {
        Arbitrary<JsonNode> text = object().with("type", NODES.textNode("text")).with("text", textNode()).build();
        Arbitrary<JsonNode> toolUse = object().with("type", NODES.textNode("tool_use")).with("id", textNode())
                .with("name", textNode()).with("input", Arbitraries.oneOf(object().maybe("q", textNode(), 0.7).build(),
                        Json.any(1))).build();
        Arbitrary<JsonNode> other = object().with("type", oneOfText("thinking", "redacted_thinking", "server_tool_use"))
                .maybe("thinking", textNode(), 0.5).build();
        return Arbitraries.frequencyOf(Tuple.of(4, text), Tuple.of(2, toolUse), Tuple.of(1, other));
    }

    private static Arbitrary<JsonNode> stopReason() {
        return Arbitraries.oneOf(oneOfText("end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn",
                "refusal", "model_context_window_exceeded"), Arbitraries.just(NODES.nullNode()));
    }

    public static Arbitrary<JsonNode> anthropicMessage() {
        return object().with("id", oneOfText("msg_01")).with("type", NODES.textNode("message"))
                .with("role", NODES.textNode("assistant")).with("model", textNode())
                .with("content", arrayOf(anthropicBlock(), 0, 4)).with("stop_reason", stopReason())
                .maybe("stop_sequence", textNode(), 0.2).maybe("usage", anthropicUsage(), 0.9).build();
    }

    /** Anthropic stream events: a {@code message_start}, blocks with their deltas, the end; the order is varied. */
    public static Arbitrary<List<Frame>> anthropicEvents() {
        Arbitrary<JsonNode> start = object().with("type", NODES.textNode("message_start"))
                .with("message", object().with("id", oneOfText("msg_01")).with("type", NODES.textNode("message"))
                        .with("role", NODES.textNode("assistant")).with("model", textNode())
                        .with("content", NODES.arrayNode()).maybe("usage", anthropicUsage(), 0.9).build()).build();
        Arbitrary<JsonNode> blockStart = object().with("type", NODES.textNode("content_block_start"))
                .with("index", index()).with("content_block", anthropicBlock()).build();
        Arbitrary<JsonNode> delta = Arbitraries.oneOf(
                object().with("type", NODES.textNode("text_delta")).with("text", textNode()).build(),
                object().with("type", NODES.textNode("input_json_delta")).with("partial_json", oneOfText("{\"q\":", "\"x\"}", "")).build(),
                object().with("type", oneOfText("thinking_delta", "signature_delta")).maybe("thinking", textNode(), 0.5).build());
        Arbitrary<JsonNode> blockDelta = object().with("type", NODES.textNode("content_block_delta"))
                .with("index", index()).with("delta", delta).build();
        Arbitrary<JsonNode> blockStop = object().with("type", NODES.textNode("content_block_stop")).with("index", index())
                .build();
        Arbitrary<JsonNode> messageDelta = object().with("type", NODES.textNode("message_delta"))
                .with("delta", object().with("stop_reason", stopReason()).maybe("stop_sequence", textNode(), 0.1).build())
                .maybe("usage", anthropicUsage(), 0.9).build();
        Arbitrary<JsonNode> stop = object().with("type", NODES.textNode("message_stop")).build();
        Arbitrary<JsonNode> ping = object().with("type", NODES.textNode("ping")).build();
        Arbitrary<JsonNode> error = object().with("type", NODES.textNode("error"))
                .with("error", object().with("type", oneOfText("overloaded_error", "api_error", "invalid_request_error"))
                        .with("message", textNode()).build()).build();
        Arbitrary<JsonNode> middle = Arbitraries.frequencyOf(Tuple.of(3, blockStart), Tuple.of(5, blockDelta),
                Tuple.of(3, blockStop), Tuple.of(1, ping), Tuple.of(1, messageDelta), Tuple.of(1, error));
        Arbitrary<List<JsonNode>> body = Combinators.combine(start.list().ofMaxSize(1), middle.list().ofMaxSize(8),
                messageDelta.list().ofMaxSize(1), stop.list().ofMaxSize(1)).as(UpstreamShapes::concat);
        return named(Json.mutatedEach(body, 2), true);
    }

    // ---- Gemini ----

    private static Arbitrary<JsonNode> geminiPart() {
        Arbitrary<JsonNode> text = object().with("text", textNode()).maybe("thought", bool(), 0.2)
                .maybe("thoughtSignature", textNode(), 0.1).build();
        Arbitrary<JsonNode> call = object().with("functionCall", object().with("name", oneOfText("get_weather", "lookup"))
                        .maybe("id", textNode(), 0.3).maybe("args", Arbitraries.oneOf(object().maybe("q", textNode(), 0.7).build(),
                                Json.any(2)), 0.9).build())
                .maybe("thoughtSignature", textNode(), 0.3).build();
        return Arbitraries.frequencyOf(Tuple.of(4, text), Tuple.of(2, call));
    }

    public static Arbitrary<JsonNode> geminiResponse() {
        Arbitrary<JsonNode> candidate = object().maybe("index", index(), 0.5)
                .maybe("content", object().with("role", NODES.textNode("model"))
                        .maybe("parts", arrayOf(geminiPart(), 0, 3), 0.9).build(), 0.9)
                .maybe("finishReason", oneOfText("STOP", "MAX_TOKENS", "SAFETY", "RECITATION", "MALFORMED_FUNCTION_CALL",
                        "OTHER"), 0.5)
                .build();
        Arbitrary<JsonNode> usage = object().maybe("promptTokenCount", tokenCount(), 0.9)
                .maybe("candidatesTokenCount", tokenCount(), 0.8).maybe("totalTokenCount", tokenCount(), 0.8)
                .maybe("thoughtsTokenCount", tokenCount(), 0.2).maybe("cachedContentTokenCount", tokenCount(), 0.2)
                .maybe("toolUsePromptTokenCount", tokenCount(), 0.1).build();
        Arbitrary<JsonNode> ok = object().maybe("candidates", arrayOf(candidate, 0, 2), 0.9)
                .maybe("usageMetadata", usage, 0.6).maybe("modelVersion", textNode(), 0.5)
                .maybe("responseId", textNode(), 0.5)
                .maybe("promptFeedback", object().maybe("blockReason", oneOfText("SAFETY", "OTHER"), 0.8).build(), 0.1)
                .build();
        Arbitrary<JsonNode> error = object().with("error", object().with("code", integer()).with("message", textNode())
                .with("status", oneOfText("RESOURCE_EXHAUSTED", "INVALID_ARGUMENT")).build()).build();
        return Arbitraries.frequencyOf(Tuple.of(9, ok), Tuple.of(1, error));
    }

    public static Arbitrary<List<Frame>> geminiChunks() {
        return named(Json.mutatedEach(geminiResponse().list().ofMaxSize(6), 2), false);
    }

    // ---- OpenAI ----

    private static Arbitrary<JsonNode> openAiUsage() {
        return object().maybe("prompt_tokens", tokenCount(), 0.9).maybe("completion_tokens", tokenCount(), 0.9)
                .maybe("total_tokens", tokenCount(), 0.8)
                .maybe("prompt_tokens_details", object().maybe("cached_tokens", tokenCount(), 0.8).build(), 0.3)
                .maybe("completion_tokens_details", object().maybe("reasoning_tokens", tokenCount(), 0.8).build(), 0.3)
                .build();
    }

    private static Arbitrary<JsonNode> finishReason() {
        return Arbitraries.oneOf(oneOfText("stop", "length", "tool_calls", "content_filter", "function_call"),
                Arbitraries.just(NODES.nullNode()));
    }

    public static Arbitrary<JsonNode> openAiCompletion() {
        Arbitrary<JsonNode> call = object().with("id", textNode()).with("type", NODES.textNode("function"))
                .with("function", object().with("name", textNode()).with("arguments",
                        oneOfText("{}", "{\"q\":\"x\"}", "", "[1]", "nope")).build()).build();
        Arbitrary<JsonNode> choice = object().with("index", index())
                .with("message", object().with("role", NODES.textNode("assistant"))
                        .with("content", Arbitraries.oneOf(textNode(), Arbitraries.just(NODES.nullNode())))
                        .maybe("tool_calls", arrayOf(call, 0, 3), 0.4).maybe("refusal", textNode(), 0.1).build())
                .with("finish_reason", finishReason()).build();
        return object().with("id", oneOfText("chatcmpl-1")).with("object", NODES.textNode("chat.completion"))
                .with("created", integer()).with("model", textNode()).with("choices", arrayOf(choice, 0, 2))
                .maybe("usage", openAiUsage(), 0.8).maybe("system_fingerprint", textNode(), 0.2).build();
    }

    /** OpenAI chunks, the usage-only chunk, error frames and {@code [DONE]}. */
    public static Arbitrary<List<Frame>> openAiChunks() {
        Arbitrary<JsonNode> toolDelta = object().with("index", index()).maybe("id", textNode(), 0.5)
                .maybe("type", oneOfText("function"), 0.5)
                .with("function", object().maybe("name", oneOfText("get_weather", "lookup"), 0.5)
                        .maybe("arguments", oneOfText("{\"q\":", "\"x\"}", ""), 0.8).build()).build();
        Arbitrary<JsonNode> choice = object().with("index", index())
                .with("delta", object().maybe("role", oneOfText("assistant"), 0.2).maybe("content", textNode(), 0.6)
                        .maybe("tool_calls", arrayOf(toolDelta, 0, 2), 0.3).maybe("refusal", textNode(), 0.05).build())
                .maybe("finish_reason", finishReason(), 0.7).build();
        Arbitrary<JsonNode> chunk = object().with("id", oneOfText("chatcmpl-1")).with("object", NODES.textNode("chat.completion.chunk"))
                .with("created", integer()).with("model", textNode()).with("choices", arrayOf(choice, 0, 2))
                .maybe("usage", Arbitraries.oneOf(openAiUsage(), Arbitraries.just(NODES.nullNode())), 0.3).build();
        Arbitrary<JsonNode> error = object().with("error", object().with("message", textNode())
                .with("type", oneOfText("server_error", "rate_limit_exceeded")).maybe("code", textNode(), 0.5).build()).build();
        Arbitrary<List<JsonNode>> chunks = Arbitraries.frequencyOf(Tuple.of(9, chunk), Tuple.of(1, error)).list().ofMaxSize(8);
        Arbitrary<List<Frame>> frames = named(Json.mutatedEach(chunks, 2), false);
        return Combinators.combine(frames, Arbitraries.of(true, true, false)).as((list, done) -> {
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

    public static Arbitrary<Spelling> spelling() {
        return Combinators.combine(Arbitraries.of("\n", "\n", "\r\n", "\r"), likely(0.1), likely(0.2), likely(0.8),
                likely(0.2), likely(0.9)).as(Spelling::new);
    }

    private static Arbitrary<Boolean> likely(double probability) {
        return Arbitraries.frequencyOf(Tuple.of((int) (probability * 10), Arbitraries.just(true)),
                Tuple.of(10 - (int) (probability * 10), Arbitraries.just(false)));
    }

    private static Arbitrary<List<Frame>> named(Arbitrary<List<JsonNode>> events, boolean anthropic) {
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
    public static Arbitrary<byte[]> stream(Arbitrary<List<Frame>> frames) {
        Arbitrary<byte[]> rendered = Combinators.combine(frames, spelling()).as(UpstreamShapes::render);
        return Arbitraries.frequencyOf(Tuple.of(6, rendered), Tuple.of(2, Json.garbled(rendered)),
                Tuple.of(1, Json.rawBytes()));
    }

    /** Read sizes: a stream is fed in reads of these sizes, in turn. */
    public static Arbitrary<List<Integer>> reads() {
        return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.integers().between(1, 7)),
                Tuple.of(2, Arbitraries.integers().between(8, 300)), Tuple.of(1, Arbitraries.just(1 << 20)))
                .list().ofMinSize(1).ofMaxSize(6);
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

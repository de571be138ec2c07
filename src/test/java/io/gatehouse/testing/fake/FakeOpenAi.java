package io.gatehouse.testing.fake;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * OpenAI (and any OpenAI-compatible server): {@code Authorization: Bearer}, {@code GET /v1/models} answering
 * {@code {"object":"list","data":[…]}} in one page, and OpenAI's error bodies — a bad key gets 401
 * {@code invalid_api_key} whose message echoes part of the key, as the real API does.
 */
public final class FakeOpenAi extends FakeProvider {
    private volatile List<String> models = List.of("gpt-4o", "gpt-4o-mini", "text-embedding-3-small");
    private volatile Duration streamGap = Duration.ZERO;
    private volatile ToLongFunction<JsonNode> promptTokens = body -> 11;
    private volatile ToLongFunction<JsonNode> completionTokens = body -> 7;
    private volatile ToLongFunction<JsonNode> cachedTokens = body -> 0;

    /** A provider accepting {@code apiKey}; null accepts callers without a key (a local server). */
    public FakeOpenAi(String apiKey) {
        super(apiKey);
        route("GET", "/v1/models", r -> {
            List<Map<String, Object>> data = new ArrayList<>();
            for (String id : models) {
                data.add(Map.of("id", id, "object", "model", "created", 1_715_367_049L, "owned_by", "system"));
            }
            return Answer.json(200, Map.of("object", "list", "data", data));
        });
        route("POST", "/v1/chat/completions", this::chat);
        route("POST", "/v1/embeddings", r -> {
            JsonNode input = json(r).path("input");
            List<Map<String, Object>> data = new ArrayList<>();
            for (int i = 0; i < (input.isArray() ? input.size() : 1); i++) {
                data.add(Map.of("object", "embedding", "index", i, "embedding", List.of(0.125, -0.5, 0.75)));
            }
            return Answer.json(200, Map.of("object", "list", "data", data, "model", json(r).path("model").asText(),
                    "usage", Map.of("prompt_tokens", 5, "total_tokens", 5)));
        });
    }

    /**
     * What the fake answers to chat completions, with tokens 11 in and 7 out unless {@link #usage} says otherwise
     * (a tool call when tools are offered).
     */
    public static final String TEXT = "Hello from fake OpenAI.";

    private Answer chat(Recorded r) throws Exception {
        JsonNode body = json(r);
        String model = body.path("model").asText();
        String tool = body.path("tools").path(0).path("function").path("name").asText(null);
        long in = promptTokens.applyAsLong(body);
        long out = completionTokens.applyAsLong(body);
        long cached = cachedTokens.applyAsLong(body);
        String usage = "{\"prompt_tokens\":" + in + ",\"completion_tokens\":" + out + ",\"total_tokens\":" + (in + out)
                + (cached == 0 ? "" : ",\"prompt_tokens_details\":{\"cached_tokens\":" + cached + ",\"audio_tokens\":0}") + "}";
        if (!body.path("stream").asBoolean()) {
            String message = tool == null ? "{\"role\":\"assistant\",\"content\":" + quote(chatText(r, TEXT)) + "}"
                    : "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_fake1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"" + tool + "\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}";
            return Answer.json(200, "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":1764150000,"
                    + "\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":" + message
                    + ",\"finish_reason\":\"" + (tool == null ? "stop" : "tool_calls") + "\"}],\"usage\":" + usage + "}");
        }
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean();
        String head = "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1764150000,\"model\":\""
                + model + "\",\"choices\":[";
        String tail = includeUsage ? "],\"usage\":null}\n\n" : "]}\n\n";
        List<String> frames = new ArrayList<>();
        frames.add(head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}" + tail);
        if (tool == null) {
            for (String piece : List.of("Hello ", "from ", "fake OpenAI.")) {
                frames.add(head + "{\"index\":0,\"delta\":{\"content\":\"" + piece + "\"},\"finish_reason\":null}" + tail);
            }
        } else {
            frames.add(head + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_fake1\",\"type\":\"function\","
                    + "\"function\":{\"name\":\"" + tool + "\",\"arguments\":\"\"}}]},\"finish_reason\":null}" + tail);
            for (String piece : List.of("{\\\"city\\\":", "\\\"Paris\\\"}")) {
                frames.add(head + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\""
                        + piece + "\"}}]},\"finish_reason\":null}" + tail);
            }
        }
        frames.add(head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"" + (tool == null ? "stop" : "tool_calls") + "\"}" + tail);
        if (includeUsage) {
            frames.add(head + "],\"usage\":" + usage + "}\n\n");
        }
        frames.add("data: [DONE]\n\n");
        return Answer.chunked(200, "text/event-stream", frames, streamGap);
    }

    /**
     * From now on chat completions stream {@code pieces} as content deltas, one SSE frame each (5 ms apart), then a
     * finish chunk, usage (5 in, 9 out) and [DONE], whatever they were asked.
     */
    public void streamContent(String... pieces) {
        respond("POST", "/v1/chat/completions", r -> {
            String head = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1764150000,"
                    + "\"model\":\"gpt-4o\",\"choices\":[";
            List<String> frames = new ArrayList<>();
            frames.add(head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
            for (String piece : pieces) {
                frames.add(head + "{\"index\":0,\"delta\":{\"content\":" + quote(piece) + "},\"finish_reason\":null}]}\n\n");
            }
            frames.add(head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            frames.add(head + "],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"total_tokens\":14}}\n\n");
            frames.add("data: [DONE]\n\n");
            return Answer.chunked(200, "text/event-stream", frames, Duration.ofMillis(5));
        });
    }

    /** The token counts chat answers report, computed from each request's body (back to 11 and 7 on {@link #reset}). */
    public void usage(ToLongFunction<JsonNode> prompt, ToLongFunction<JsonNode> completion) {
        this.promptTokens = prompt;
        this.completionTokens = completion;
    }

    /** The part of the prompt tokens answers report as read from the prompt cache (none unless set). */
    public void cachedTokens(ToLongFunction<JsonNode> cached) {
        this.cachedTokens = cached;
    }

    @Override
    public void reset() {
        super.reset();
        usage(body -> 11, body -> 7);
        cachedTokens(body -> 0);
    }

    public void models(List<String> ids) {
        this.models = List.copyOf(ids);
    }

    /** The pause between two streamed chunks. */
    public void streamGap(Duration gap) {
        this.streamGap = gap;
    }

    @Override
    public String endpoint() {
        return baseUrl() + "/v1";
    }

    @Override
    protected boolean authorized(Recorded request) {
        return apiKey == null || ("Bearer " + apiKey).equals(request.header("Authorization"));
    }

    @Override
    protected Answer unauthorized(Recorded request) {
        String sent = request.header("Authorization");
        String key = sent == null ? "" : sent.replaceFirst("^Bearer ", "");
        String message = key.isEmpty()
                ? "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth."
                : "Incorrect API key provided: " + echo(key) + ". You can find your API key at https://platform.openai.com/account/api-keys.";
        return error(401, message, "invalid_request_error", key.isEmpty() ? null : "invalid_api_key");
    }

    @Override
    protected Answer notFound(Recorded request) {
        return error(404, "Invalid URL (" + request.method() + " " + request.path() + ")", "invalid_request_error", null);
    }

    @Override
    public Answer serverError() {
        return error(500, "The server had an error while processing your request. Sorry about that!", "server_error", null);
    }

    /** Like the real API: the start of the key, stars, and its last four characters. */
    private static String echo(String key) {
        if (key.length() <= 14) {
            return key;
        }
        return key.substring(0, 10) + "*".repeat(key.length() - 14) + key.substring(key.length() - 4);
    }

    private static Answer error(int status, String message, String type, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        return Answer.json(status, Map.of("error", error));
    }
}

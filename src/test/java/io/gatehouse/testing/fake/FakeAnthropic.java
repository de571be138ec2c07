package io.gatehouse.testing.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic: {@code x-api-key} plus the required {@code anthropic-version}, {@code GET /v1/models} paged with
 * {@code limit}/{@code after_id} and answering {@code has_more}/{@code last_id} (pages hold at most
 * {@link #pageSize(int)} models, so tests see paging), and Anthropic's {@code {"type":"error",…}} bodies.
 */
public final class FakeAnthropic extends FakeProvider {
    /** A model as Anthropic lists it. */
    public record Model(String id, String displayName, String createdAt, Integer maxInputTokens, Integer maxTokens) {
    }

    private volatile List<Model> models = List.of(
            new Model("claude-opus-4-1", "Claude Opus 4.1", "2025-08-05T00:00:00Z", 200_000, 32_000),
            new Model("claude-sonnet-4-5", "Claude Sonnet 4.5", "2025-09-29T00:00:00Z", 200_000, 64_000),
            new Model("claude-haiku-4-5", "Claude Haiku 4.5", "2025-10-15T00:00:00Z", 200_000, 64_000));

    /** What {@code /v1/messages/count_tokens} answers, whatever it is asked. */
    public static final int COUNTED_TOKENS = 17;

    public FakeAnthropic(String apiKey) {
        super(apiKey);
        route("GET", "/v1/models", r -> {
            int limit = Math.min(pageSize, Integer.parseInt(r.query().getOrDefault("limit", "20")));
            List<Model> all = models;
            int start = 0;
            String after = r.query().get("after_id");
            if (after != null) {
                start = all.stream().map(Model::id).toList().indexOf(after) + 1;
            }
            List<Model> page = all.subList(Math.min(start, all.size()), Math.min(start + limit, all.size()));
            List<Map<String, Object>> data = new ArrayList<>();
            for (Model m : page) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("type", "model");
                entry.put("id", m.id());
                entry.put("display_name", m.displayName());
                entry.put("created_at", m.createdAt());
                entry.put("max_input_tokens", m.maxInputTokens());
                entry.put("max_tokens", m.maxTokens());
                data.add(entry);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("data", data);
            body.put("has_more", start + limit < all.size());
            body.put("first_id", page.isEmpty() ? null : page.getFirst().id());
            body.put("last_id", page.isEmpty() ? null : page.getLast().id());
            return Answer.json(200, body);
        });
        route("POST", "/v1/messages", r -> AnthropicAnswers.messages(r, streamGap, chatText(r, AnthropicAnswers.TEXT), cache));
        route("POST", "/v1/messages/count_tokens", r -> Answer.json(200, "{\"input_tokens\":" + COUNTED_TOKENS + "}"));
    }

    private volatile java.time.Duration streamGap = java.time.Duration.ZERO;
    private volatile String cache = "";

    /** Answers report these prompt-cache reads and writes besides their 21 input tokens. */
    public void cacheTokens(long read, long write) {
        this.cache = ",\"cache_creation_input_tokens\":" + write + ",\"cache_read_input_tokens\":" + read;
    }

    /** The pause between two streamed events. */
    public void streamGap(java.time.Duration gap) {
        this.streamGap = gap;
    }

    public void models(List<Model> models) {
        this.models = List.copyOf(models);
    }

    @Override
    protected boolean authorized(Recorded request) {
        return request.header("anthropic-version") != null && (apiKey == null || apiKey.equals(request.header("x-api-key")));
    }

    @Override
    protected Answer unauthorized(Recorded request) {
        if (request.header("anthropic-version") == null) {
            return error(400, "invalid_request_error", "anthropic-version: header is required");
        }
        return error(401, "authentication_error", request.header("x-api-key") == null
                ? "x-api-key header is required" : "invalid x-api-key");
    }

    @Override
    protected Answer notFound(Recorded request) {
        return error(404, "not_found_error", "Not found");
    }

    @Override
    public Answer serverError() {
        return error(500, "api_error", "Internal server error");
    }

    public static Answer overloaded() {
        return error(529, "overloaded_error", "Overloaded");
    }

    private static Answer error(int status, String type, String message) {
        return Answer.json(status, Map.of("type", "error", "error", Map.of("type", type, "message", message),
                "request_id", "req_011CTestFake"));
    }
}

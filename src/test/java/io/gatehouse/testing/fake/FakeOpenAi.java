package io.gatehouse.testing.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OpenAI (and any OpenAI-compatible server): {@code Authorization: Bearer}, {@code GET /v1/models} answering
 * {@code {"object":"list","data":[…]}} in one page, and OpenAI's error bodies — a bad key gets 401
 * {@code invalid_api_key} whose message echoes part of the key, as the real API does.
 */
public final class FakeOpenAi extends FakeProvider {
    private volatile List<String> models = List.of("gpt-4o", "gpt-4o-mini", "text-embedding-3-small");

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
    }

    public void models(List<String> ids) {
        this.models = List.copyOf(ids);
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

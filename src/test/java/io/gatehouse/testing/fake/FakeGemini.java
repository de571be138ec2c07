package io.gatehouse.testing.fake;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gemini (Developer API): {@code x-goog-api-key} (or {@code ?key=}), {@code GET /v1beta/models} paged with
 * {@code pageSize}/{@code pageToken} and answering {@code nextPageToken} (pages hold at most
 * {@link #pageSize(int)} models), {@code countTokens} ({@link #COUNTED_TOKENS}), {@code embedContent}, and Google's
 * error bodies: a bad key is HTTP 400 {@code INVALID_ARGUMENT} with
 * the reason {@code API_KEY_INVALID}, a missing key 403 {@code PERMISSION_DENIED}.
 */
public final class FakeGemini extends FakeProvider {
    /** A model as Gemini lists it. */
    public record Model(String name, String displayName, int inputTokenLimit, int outputTokenLimit, List<String> methods) {
    }

    private volatile List<Model> models = List.of(
            new Model("models/gemini-2.5-pro", "Gemini 2.5 Pro", 1_048_576, 65_536, List.of("generateContent", "countTokens")),
            new Model("models/gemini-2.5-flash", "Gemini 2.5 Flash", 1_048_576, 65_536, List.of("generateContent", "countTokens")),
            new Model("models/text-embedding-004", "Text Embedding 004", 2_048, 1, List.of("embedContent")),
            new Model("models/imagen-3.0-generate-002", "Imagen 3.0", 480, 8_192, List.of("predict")));

    /** What {@code countTokens} answers, whatever it is asked. */
    public static final int COUNTED_TOKENS = 23;
    /** The {@code thoughtSignature} on the function calls the fake makes. */
    public static final String SIGNATURE = "c2lnLWZha2U=";

    public FakeGemini(String apiKey) {
        super(apiKey);
        route("GET", "/v1beta/models", r -> {
            int size = Math.min(pageSize, Integer.parseInt(r.query().getOrDefault("pageSize", "50")));
            int start = Integer.parseInt(r.query().getOrDefault("pageToken", "0"));
            List<Model> all = models;
            List<Map<String, Object>> page = new ArrayList<>();
            for (Model m : all.subList(Math.min(start, all.size()), Math.min(start + size, all.size()))) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("name", m.name());
                entry.put("version", "001");
                entry.put("displayName", m.displayName());
                entry.put("inputTokenLimit", m.inputTokenLimit());
                entry.put("outputTokenLimit", m.outputTokenLimit());
                entry.put("supportedGenerationMethods", m.methods());
                page.add(entry);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("models", page);
            if (start + size < all.size()) {
                body.put("nextPageToken", Integer.toString(start + size));
            }
            return Answer.json(200, body);
        });
        route("POST", "/v1beta/models/{model}:generateContent", r -> GeminiAnswers.generate(r, false, streamGap, chatText(r, GeminiAnswers.TEXT), cached));
        route("POST", "/v1beta/models/{model}:streamGenerateContent", r -> GeminiAnswers.generate(r, true, streamGap, GeminiAnswers.TEXT, cached));
        route("POST", "/v1beta/models/{model}:batchEmbedContents", GeminiAnswers::embed);
        route("POST", "/v1beta/models/{model}:embedContent",
                r -> Answer.json(200, "{\"embedding\":{\"values\":[0.125,-0.5,0.0]}}"));
        route("POST", "/v1beta/models/{model}:countTokens", r -> Answer.json(200, "{\"totalTokens\":" + COUNTED_TOKENS + "}"));
    }

    private volatile java.time.Duration streamGap = java.time.Duration.ZERO;
    private volatile long cached;

    /** Answers report this part of their 31 prompt tokens as {@code cachedContentTokenCount}. */
    public void cachedContentTokens(long tokens) {
        this.cached = tokens;
    }

    /** The pause between two streamed chunks. */
    public void streamGap(java.time.Duration gap) {
        this.streamGap = gap;
    }

    public void models(List<Model> models) {
        this.models = List.copyOf(models);
    }

    private static String sentKey(Recorded request) {
        String header = request.header("x-goog-api-key");
        return header != null ? header : request.query().get("key");
    }

    @Override
    protected boolean authorized(Recorded request) {
        return apiKey == null || apiKey.equals(sentKey(request));
    }

    @Override
    protected Answer unauthorized(Recorded request) {
        if (sentKey(request) == null) {
            return error(403, "PERMISSION_DENIED", "Method doesn't allow unregistered callers (callers without established"
                    + " identity). Please use API Key or other form of API consumer identity to call this API.", List.of());
        }
        return error(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", List.of(
                Map.of("@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", "API_KEY_INVALID",
                        "domain", "googleapis.com", "metadata", Map.of("service", "generativelanguage.googleapis.com")),
                Map.of("@type", "type.googleapis.com/google.rpc.LocalizedMessage", "locale", "en-US",
                        "message", "API key not valid. Please pass a valid API key.")));
    }

    @Override
    protected Answer notFound(Recorded request) {
        return error(404, "NOT_FOUND", "Requested entity was not found.", List.of());
    }

    @Override
    public Answer serverError() {
        return error(500, "INTERNAL", "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting", List.of());
    }

    private static Answer error(int status, String code, String message, List<Map<String, Object>> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", status);
        error.put("message", message);
        error.put("status", code);
        if (!details.isEmpty()) {
            error.put("details", details);
        }
        return Answer.json(status, Map.of("error", error));
    }
}

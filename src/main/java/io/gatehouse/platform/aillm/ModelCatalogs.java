package io.gatehouse.platform.aillm;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Each provider's own models endpoint, in its own wire format: where to ask (paged where the provider pages),
 * with which headers, and how to read the answer.
 * <ul>
 *   <li>OpenAI and OpenAI-compatible servers: {@code GET {endpoint}/models}, {@code Authorization: Bearer},
 *       answer {@code {"data":[{"id","created"}]}}, not paged.</li>
 *   <li>Anthropic: {@code GET {endpoint}/v1/models?limit=1000&after_id=}, {@code x-api-key} and
 *       {@code anthropic-version}, answer {@code {"data":[…],"has_more","last_id"}}.</li>
 *   <li>Gemini: {@code GET {endpoint}/v1beta/models?pageSize=1000&pageToken=}, {@code x-goog-api-key}, answer
 *       {@code {"models":[{"name":"models/…","supportedGenerationMethods":[…]}],"nextPageToken"}}; only models
 *       that generate or embed content are kept.</li>
 * </ul>
 */
final class ModelCatalogs {
    private ModelCatalogs() {
    }

    /** One page of a catalog; {@code next} is the cursor of the following page, or null on the last. */
    record Page(List<CatalogModel> models, String next) {
    }

    /** The answer was JSON but not a model list of the expected format. */
    static final class NotACatalog extends Exception {
        NotACatalog(String message) {
            super(message, null, false, false);
        }
    }

    static URI pageUri(AiType type, String endpoint, String cursor) {
        return URI.create(switch (type) {
            case ANTHROPIC -> endpoint + "/v1/models?limit=1000" + (cursor == null ? "" : "&after_id=" + encode(cursor));
            case GOOGLE -> endpoint + "/v1beta/models?pageSize=1000" + (cursor == null ? "" : "&pageToken=" + encode(cursor));
            default -> endpoint + "/models";
        });
    }

    /** The provider's authentication (and version) headers for a models request. */
    static Map<String, String> headers(AiType type, String secret, String anthropicVersion) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (type) {
            case ANTHROPIC -> {
                headers.put("x-api-key", secret);
                headers.put("anthropic-version", anthropicVersion);
            }
            case GOOGLE -> headers.put("x-goog-api-key", secret);
            default -> {
                if (secret != null) {
                    headers.put("Authorization", "Bearer " + secret);
                }
            }
        }
        return headers;
    }

    static Page parse(AiType type, JsonNode body) throws NotACatalog {
        if (body == null || !body.isObject()) {
            throw new NotACatalog("the answer is not a JSON object");
        }
        return switch (type) {
            case ANTHROPIC -> anthropic(body);
            case GOOGLE -> gemini(body);
            default -> openAi(body);
        };
    }

    private static Page openAi(JsonNode body) throws NotACatalog {
        return new Page(data(body, (id, m) -> new CatalogModel(id, id, m.path("created").asLong(0), null, null, List.of())), null);
    }

    private static Page anthropic(JsonNode body) throws NotACatalog {
        List<CatalogModel> models = data(body, (id, m) -> new CatalogModel(id, m.path("display_name").asText(id),
                epochSeconds(m.path("created_at").asText("")), integer(m.path("max_input_tokens")), integer(m.path("max_tokens")),
                List.of(CatalogModel.CHAT)));
        String next = body.path("has_more").asBoolean(false) ? blankToNull(body.path("last_id").asText(null)) : null;
        return new Page(models, next);
    }

    /** The {@code data} list OpenAI and Anthropic both answer, each entry with an id read by {@code entry}. */
    private static List<CatalogModel> data(JsonNode body, BiFunction<String, JsonNode, CatalogModel> entry) throws NotACatalog {
        JsonNode data = body.path("data");
        if (!data.isArray()) {
            throw new NotACatalog("the answer has no \"data\" list of models");
        }
        List<CatalogModel> models = new ArrayList<>();
        for (JsonNode m : data) {
            String id = m.path("id").asText("");
            if (!id.isEmpty()) {
                models.add(entry.apply(id, m));
            }
        }
        return models;
    }

    private static Page gemini(JsonNode body) throws NotACatalog {
        JsonNode list = body.path("models");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new NotACatalog("the answer's \"models\" is not a list");
        }
        List<CatalogModel> models = new ArrayList<>();
        for (JsonNode m : list) {
            String id = m.path("name").asText("");
            id = id.startsWith("models/") ? id.substring("models/".length()) : id;
            List<String> capabilities = new ArrayList<>();
            for (JsonNode method : m.path("supportedGenerationMethods")) {
                if (method.asText().equals("generateContent") && !capabilities.contains(CatalogModel.CHAT)) {
                    capabilities.add(CatalogModel.CHAT);
                } else if (method.asText().equals("embedContent") && !capabilities.contains(CatalogModel.EMBEDDINGS)) {
                    capabilities.add(CatalogModel.EMBEDDINGS);
                }
            }
            if (!id.isEmpty() && !capabilities.isEmpty()) {
                models.add(new CatalogModel(id, m.path("displayName").asText(id), 0, integer(m.path("inputTokenLimit")),
                        integer(m.path("outputTokenLimit")), capabilities));
            }
        }
        return new Page(models, blankToNull(body.path("nextPageToken").asText(null)));
    }

    private static Integer integer(JsonNode n) {
        return n.canConvertToInt() && n.isIntegralNumber() ? n.asInt() : null;
    }

    private static long epochSeconds(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (DateTimeParseException e) {
            return 0;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}

package io.gatehouse.platform.aillm;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.Json;

import java.nio.charset.StandardCharsets;

/**
 * Reads the reason out of a provider's error answer, whichever shape it has: OpenAI
 * {@code {"error":{"message","code"}}}, Anthropic {@code {"type":"error","error":{"type","message"}}}, Gemini
 * {@code {"error":{"message","status","details":[{"reason"}]}}} (sometimes inside a one-element array), the
 * {@code {"error":"…"}} or {@code {"message":"…"}} of other OpenAI-compatible servers, or short plain text.
 */
final class ProviderErrors {
    private static final int MAX_TEXT = 300;

    private ProviderErrors() {
    }

    /** The provider's own words, or null when the answer carries none worth showing (HTML pages, empty bodies). */
    static String message(byte[] body) {
        JsonNode json = parse(body);
        if (json != null) {
            JsonNode error = unwrap(json).path("error");
            String text = error.isTextual() ? error.asText() : error.path("message").asText(null);
            if (text == null) {
                text = unwrap(json).path("message").asText(null);
            }
            String kind = firstText(error, "status", "code", "type");
            if (text != null && kind != null && !text.contains(kind)) {
                text = kind + ": " + text;
            }
            return shorten(text);
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        return text.isEmpty() || text.startsWith("<") ? null : shorten(text.replaceAll("\\s+", " "));
    }

    /** Gemini reports a bad key as HTTP 400 with the reason {@code API_KEY_INVALID}. */
    static boolean isInvalidApiKey(byte[] body) {
        JsonNode json = parse(body);
        if (json == null) {
            return false;
        }
        for (JsonNode detail : unwrap(json).path("error").path("details")) {
            if ("API_KEY_INVALID".equals(detail.path("reason").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The first of the fields that holds text (Gemini's numeric {@code code} does not). */
    private static String firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.path(field);
            if (value.isTextual() && !value.asText().isBlank()) {
                return value.asText();
            }
        }
        return null;
    }

    private static JsonNode unwrap(JsonNode json) {
        return json.isArray() && json.size() == 1 ? json.get(0) : json;
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            return json != null && (json.isObject() || json.isArray()) ? json : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String shorten(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}

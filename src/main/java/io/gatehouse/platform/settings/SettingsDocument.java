package io.gatehouse.platform.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.Json;

import java.util.Iterator;
import java.util.Map;

/**
 * The bounds of a settings document: a JSON object of at most {@link #MAX_CHARS} characters as stored, nested at
 * most {@link #MAX_DEPTH} levels, with keys of at most {@link #MAX_KEY} characters and no control characters.
 * Checked on the document as it would be stored, so a merge cannot grow one past them either.
 */
final class SettingsDocument {
    static final int MAX_CHARS = 64 * 1024;
    static final int MAX_DEPTH = 16;
    static final int MAX_KEY = 200;

    private SettingsDocument() {
    }

    /** {@code value} as a settings object, or a 400 naming {@code field}. */
    static ObjectNode object(JsonNode value, String field) {
        if (value == null || !value.isObject()) {
            throw ApiException.badRequest(field + " must be a JSON object");
        }
        return (ObjectNode) value;
    }

    /** Refuses a document past the bounds with 422 saying which one. */
    static void check(ObjectNode document) {
        checkNode(document, 1, "settings");
        int size = Json.write(document).length();
        if (size > MAX_CHARS) {
            throw ApiException.invalid("settings are " + size + " characters as JSON; at most " + MAX_CHARS + " are kept");
        }
    }

    private static void checkNode(JsonNode node, int depth, String path) {
        if (!node.isContainerNode()) {
            return;
        }
        if (depth > MAX_DEPTH) {
            throw ApiException.invalid(path + " is nested deeper than " + MAX_DEPTH + " levels");
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                checkKey(e.getKey(), path);
                checkNode(e.getValue(), depth + 1, path + "." + e.getKey());
            }
        } else {
            for (int i = 0; i < node.size(); i++) {
                checkNode(node.get(i), depth + 1, path + "[" + i + "]");
            }
        }
    }

    static void checkKey(String key, String path) {
        if (key.isEmpty() || key.length() > MAX_KEY) {
            throw ApiException.invalid("Keys in " + path + " must be 1 to " + MAX_KEY + " characters");
        }
        if (key.chars().anyMatch(c -> c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))) {
            throw ApiException.invalid("Keys in " + path + " must not contain control characters");
        }
    }
}

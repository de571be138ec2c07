package io.gatehouse.console;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Small formatting helpers the templates use on the Platform API's JSON. */
public final class Show {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Show() {
    }

    /** A field as text; empty when missing or null. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.asText();
    }

    /** A timestamp (ISO text or epoch milliseconds) in UTC; empty when missing. */
    public static String when(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isNumber()) {
            return WHEN.format(Instant.ofEpochMilli(value.asLong()));
        }
        String text = text(node, field);
        if (text.isEmpty()) {
            return "";
        }
        try {
            return WHEN.format(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return text;
        }
    }

    /** A list field joined with commas. */
    public static String joined(JsonNode node, String field, String inner) {
        StringBuilder out = new StringBuilder();
        for (JsonNode item : node.path(field)) {
            if (!out.isEmpty()) {
                out.append(", ");
            }
            out.append(inner == null ? item.asText() : item.path(inner).asText());
        }
        return out.toString();
    }

    /** Whether a repository's {@code aiLlms} attachments hold the configuration with the given id. */
    public static boolean attaches(JsonNode repo, String id) {
        for (JsonNode attachment : repo.path("aiLlms")) {
            if (id.equals(attachment.path("aiLlmId").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a list holds an object whose {@code id} is the given one. */
    public static boolean listed(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (id.equals(item.path("id").asText())) {
                return true;
            }
        }
        return false;
    }
}

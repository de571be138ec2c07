package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ProviderJson;

import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JSON Schema → the OpenAPI 3.0 subset Gemini accepts in {@code functionDeclarations[].parameters}, by allow-list
 * (PITFALLS 20, MAPPING §2.4): known keys kept (types upper-cased), {@code const} → one-value {@code enum},
 * {@code oneOf} → {@code anyOf}, {@code ["T","null"]} → {@code T} + {@code nullable}, {@code allOf} merged,
 * local {@code $ref}s inlined; everything else ({@code additionalProperties}, {@code $schema}, {@code default},
 * {@code exclusiveMinimum}, {@code propertyNames}, {@code strict}, vendor keys …) dropped, at every depth.
 */
final class GeminiSchema {
    private static final Set<String> COPIED = Set.of("title", "description", "nullable", "minItems", "maxItems",
            "minimum", "maximum", "minLength", "maxLength", "pattern", "minProperties", "maxProperties",
            "propertyOrdering", "example");
    private static final Set<String> FORMATS = Set.of("date-time", "enum", "int32", "int64", "float", "double");
    private static final int MAX_REF_DEPTH = 16;

    private GeminiSchema() {
    }

    static ObjectNode sanitize(JsonNode schema) {
        return sanitize(schema, schema.path("$defs").isObject() ? schema.get("$defs") : schema.path("definitions"), 0);
    }

    private static ObjectNode sanitize(JsonNode schema, JsonNode defs, int depth) {
        ObjectNode out = ProviderJson.object();
        if (!schema.isObject() || depth > MAX_REF_DEPTH) {
            return out;
        }
        if (schema.path("$ref").isTextual()) {
            String ref = schema.get("$ref").asText();
            JsonNode target = defs.path(ref.substring(ref.lastIndexOf('/') + 1));
            ObjectNode inlined = sanitize(target, defs, depth + 1);
            if (schema.has("description")) {
                inlined.put("description", schema.get("description").asText());
            }
            return inlined;
        }
        for (JsonNode part : schema.path("allOf")) {
            mergeInto(out, sanitize(part, defs, depth + 1));
        }
        type(schema.path("type"), out);
        if (schema.has("const")) {
            out.putArray("enum").add(schema.get("const").asText());
        } else if (schema.path("enum").isArray()) {
            ArrayNode values = out.putArray("enum");
            schema.get("enum").forEach(value -> {
                if (!value.isNull()) {
                    values.add(value.asText());
                }
            });
        }
        if (schema.path("format").isTextual() && FORMATS.contains(schema.get("format").asText())) {
            out.put("format", schema.get("format").asText());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            boolean scalar = field.getValue().isValueNode() || field.getKey().equals("propertyOrdering");
            if (COPIED.contains(field.getKey()) && scalar) {
                out.set(field.getKey(), field.getValue());
            }
        }
        if (schema.path("properties").isObject()) {
            ObjectNode properties = out.putObject("properties");
            schema.get("properties").fields().forEachRemaining(property ->
                    properties.set(property.getKey(), sanitize(property.getValue(), defs, depth + 1)));
        }
        if (schema.path("required").isArray()) {
            out.set("required", schema.get("required"));
        }
        if (schema.path("items").isObject()) {
            out.set("items", sanitize(schema.get("items"), defs, depth + 1));
        }
        JsonNode alternatives = schema.path("anyOf").isArray() ? schema.get("anyOf") : schema.path("oneOf");
        if (alternatives.isArray()) {
            ArrayNode anyOf = out.putArray("anyOf");
            alternatives.forEach(alternative -> anyOf.add(sanitize(alternative, defs, depth + 1)));
        }
        return out;
    }

    private static void type(JsonNode type, ObjectNode out) {
        if (type.isTextual()) {
            out.put("type", type.asText().toUpperCase(Locale.ROOT));
        } else if (type.isArray()) {
            for (JsonNode member : type) {
                if (member.asText().equals("null")) {
                    out.put("nullable", true);
                } else if (!out.has("type")) {
                    out.put("type", member.asText().toUpperCase(Locale.ROOT));
                }
            }
        }
    }

    private static void mergeInto(ObjectNode target, ObjectNode part) {
        part.fields().forEachRemaining(field -> {
            JsonNode existing = target.get(field.getKey());
            if (existing instanceof ObjectNode object && field.getValue().isObject()) {
                object.setAll((ObjectNode) field.getValue());
            } else if (existing instanceof ArrayNode array && field.getValue().isArray()) {
                array.addAll((ArrayNode) field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        });
    }
}

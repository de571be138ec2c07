package io.gatehouse.provider;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The Jackson setup of the translation layer: one factory for streaming reads on hot paths, one mapper for request
 * bodies (translated once per request, where a tree is the clearest tool). Nesting is capped so hostile bodies
 * cannot exhaust the stack; strings may be large (base64 images).
 */
public final class ProviderJson {
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(128)
                    .maxStringLength(64 * 1024 * 1024)
                    .build())
            .build();
    /**
     * For clients' request bodies, read whole once by the gateway's peek ({@link JsonMembers}): like {@link #FACTORY},
     * and a key repeated within one object, at any depth, is an error. A repeated key would let the input policies
     * judge one value (a tree keeps the last) while a pass-through upstream reads another.
     */
    public static final JsonFactory CLIENT_BODIES = FACTORY.rebuild()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    public static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProviderJson() {
    }

    /**
     * Parses a body into a tree; unreadable JSON is the client's (or upstream's) fault, reported as such. That includes
     * bytes Jackson cannot even decode (its encoding detection takes a body starting with three zero bytes for UTF-32,
     * and then fails with a {@link java.io.CharConversionException}, an I/O exception that is not a parse error).
     */
    public static JsonNode read(byte[] body) {
        return read(body, 0, body.length);
    }

    /** As {@link #read(byte[])}, of {@code body[offset, offset + length)}. */
    public static JsonNode read(byte[] body, int offset, int length) {
        try {
            return MAPPER.readTree(body, offset, length);
        } catch (JsonProcessingException e) {
            throw new TranslationException("The body is not valid JSON: " + e.getOriginalMessage(), null);
        } catch (IOException undecodable) {
            throw new TranslationException("The body is not valid JSON: " + undecodable.getMessage(), null);
        }
    }

    /** Parses an upstream body that may not be JSON at all (an HTML error page): an empty object then. */
    public static JsonNode readLenient(byte[] body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            return root == null ? object() : root;
        } catch (IOException notJson) {
            return object();
        }
    }

    /** Parses text that should hold a JSON object; {@code null} when it does not (not JSON, or not an object). */
    public static ObjectNode parseObject(String text) {
        try {
            return MAPPER.readTree(text) instanceof ObjectNode object ? object : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    public static JsonParser parser(byte[] bytes) {
        return parser(bytes, 0, bytes.length);
    }

    public static JsonParser parser(byte[] bytes, int offset, int length) {
        try {
            return FACTORY.createParser(bytes, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String writeString(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }
}

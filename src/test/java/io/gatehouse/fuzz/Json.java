package io.gatehouse.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ProviderJson;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Building blocks for JSON inputs: texts and numbers that find edge cases (empty, huge, unpaired surrogates,
 * control characters, numbers beyond {@code long}), any JSON value, objects assembled from named members, and
 * mutations of a generated tree (a value replaced by one of another type, a member dropped or added) and of its
 * bytes (flips, cuts, insertions). Everything shrinks, so a failure is reported on a small input.
 */
public final class Json {
    public static final JsonNodeFactory NODES = ProviderJson.NODES;

    /** Texts that have broken parsers and encoders before, or that mean something to the code under test. */
    private static final List<String> NOTABLE = List.of("", " ", "\n", "\u0000", "\ud800", "\udc00x", "\ud83d\ude00",
            "\u2028", "null", "true", "{}", "[]", "{\"a\":1}", "[DONE]", "data: x", "\r\n\r\n", "\\", "\"",
            "data:image/png;base64,iVBORw0KGgo=", "data:application/pdf;base64,JVBERi0=", "data:,x", "data:text/plain,x",
            "https://example.test/a.png", "http://127.0.0.1/x", "ftp://x", "call_1", "call_2", "toolu_01",
            "a@b.example", "+1 415 555 0100", "4111 1111 1111 1111", "DE89 3704 0044 0532 0130 00", "123-45-6789",
            "10.0.0.1", "sk-abcdefghijklmnopqrstuvwxyz012345", "-----BEGIN PRIVATE KEY-----",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln");

    private Json() {
    }

    /** Short texts of every kind, weighted towards the readable. */
    public static Arbitrary<String> text() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.strings().alpha().numeric().withChars(" _-.:/@+").ofMaxLength(16)),
                Tuple.of(3, Arbitraries.of(NOTABLE)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(12)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMinLength(100).ofMaxLength(400)));
    }

    public static Arbitrary<JsonNode> textNode() {
        return text().map(NODES::textNode);
    }

    /** One of the given texts, now and then any text (a value the code does not know). */
    public static Arbitrary<JsonNode> oneOfText(String... known) {
        return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(known)), Tuple.of(1, text())).map(NODES::textNode);
    }

    /** Integers around the interesting places: small, {@code int} and {@code long} limits, beyond {@code long}. */
    public static Arbitrary<JsonNode> integer() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(-2, 20).map(i -> (JsonNode) NODES.numberNode(i))),
                Tuple.of(2, Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i))),
                Tuple.of(1, Arbitraries.longs().map(l -> (JsonNode) NODES.numberNode(l))),
                Tuple.of(1, Arbitraries.bigIntegers().between(BigInteger.TWO.pow(63), BigInteger.TEN.pow(30))
                        .map(b -> (JsonNode) NODES.numberNode(b))));
    }

    public static Arbitrary<JsonNode> number() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, integer()),
                Tuple.of(2, Arbitraries.doubles().between(-3, 3).map(d -> (JsonNode) NODES.numberNode(d))),
                Tuple.of(1, Arbitraries.bigDecimals().between(new BigDecimal("-1e40"), new BigDecimal("1e40"))
                        .ofScale(3).map(d -> (JsonNode) NODES.numberNode(d))));
    }

    public static Arbitrary<JsonNode> bool() {
        return Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b));
    }

    /** Any JSON value, nested at most {@code depth} levels; member names mostly ones the gateway reads. */
    public static Arbitrary<JsonNode> any(int depth) {
        if (depth <= 0) {
            return scalar();
        }
        Arbitrary<JsonNode> inner = Arbitraries.lazy(() -> any(depth - 1));
        Arbitrary<JsonNode> array = inner.list().ofMaxSize(3).map(Json::array);
        Arbitrary<JsonNode> object = Combinators.combine(memberName(), inner).as(Map::entry).list().ofMaxSize(3)
                .map(members -> {
                    ObjectNode node = NODES.objectNode();
                    members.forEach(m -> node.set(m.getKey(), m.getValue()));
                    return (JsonNode) node;
                });
        return Arbitraries.frequencyOf(Tuple.of(4, scalar()), Tuple.of(1, array), Tuple.of(1, object));
    }

    public static Arbitrary<JsonNode> scalar() {
        return Arbitraries.frequencyOf(Tuple.of(3, textNode()), Tuple.of(2, number()), Tuple.of(1, bool()),
                Tuple.of(1, Arbitraries.just(NODES.nullNode())));
    }

    private static Arbitrary<String> memberName() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of("type", "text", "content", "role", "index", "id",
                "name", "arguments", "usage", "choices", "delta", "error", "parts", "candidates", "messages", "input",
                "model", "stream", "finish_reason", "tool_calls", "function", "url", "data")), Tuple.of(1, text()));
    }

    public static ArrayNode array(List<? extends JsonNode> items) {
        ArrayNode array = NODES.arrayNode();
        array.addAll(items);
        return array;
    }

    /** A list of 1..max items, as a JSON array. */
    public static Arbitrary<JsonNode> arrayOf(Arbitrary<? extends JsonNode> item, int min, int max) {
        return item.list().ofMinSize(min).ofMaxSize(max).map(Json::array);
    }

    /** An object assembled from members, each present with its own probability. */
    public static Obj object() {
        return new Obj();
    }

    /** Builds {@link #object()}. */
    public static final class Obj {
        private final List<Arbitrary<Optional<Map.Entry<String, JsonNode>>>> members = new ArrayList<>();

        public Obj with(String name, JsonNode value) {
            return with(name, Arbitraries.just(value));
        }

        public Obj with(String name, Arbitrary<? extends JsonNode> value) {
            return maybe(name, value, 1.0);
        }

        public Obj maybe(String name, Arbitrary<? extends JsonNode> value, double presence) {
            members.add(value.map(v -> Map.entry(name, (JsonNode) v)).optional(presence));
            return this;
        }

        public Arbitrary<JsonNode> build() {
            return Combinators.combine(members).as(present -> {
                ObjectNode node = NODES.objectNode();
                present.forEach(member -> member.ifPresent(m -> node.set(m.getKey(), m.getValue())));
                return node;
            });
        }
    }

    /** What a mutation does at the node it picks. */
    public enum Change { REPLACE, REMOVE, ADD_MEMBER, WRAP_IN_ARRAY, EMPTY }

    /** One change to a tree: {@code at} picks a node in document order (modulo their number). */
    public record Mutation(int at, Change change, String name, JsonNode value) {
    }

    /** Trees from {@code base} with up to {@code max} random changes (none in about a third of the cases). */
    public static Arbitrary<JsonNode> mutated(Arbitrary<JsonNode> base, int max) {
        Arbitrary<Mutation> mutation = Combinators.combine(Arbitraries.integers().between(0, 10_000),
                Arbitraries.of(Change.class), memberName(), any(2)).as(Mutation::new);
        return Combinators.combine(base, mutation.list().ofMaxSize(max)).as(Json::apply);
    }

    /** Lists of values from {@code items}, mutated as one array (an item may change type or go). */
    public static Arbitrary<List<JsonNode>> mutatedEach(Arbitrary<List<JsonNode>> items, int max) {
        return mutated(items.map(Json::array), max).map(tree -> {
            List<JsonNode> list = new ArrayList<>();
            tree.forEach(list::add);
            return list;
        });
    }

    public static JsonNode apply(JsonNode tree, List<Mutation> mutations) {
        JsonNode root = tree.deepCopy();
        for (Mutation mutation : mutations) {
            List<JsonNode[]> slots = new ArrayList<>();
            collect(root, slots);
            if (slots.isEmpty()) {
                continue;
            }
            JsonNode[] slot = slots.get(mutation.at() % slots.size());
            ContainerNode<?> parent = (ContainerNode<?>) slot[0];
            JsonNode node = slot[1];
            String key = slot[2] == null ? null : slot[2].asText();
            int index = slot[2] == null ? slot[3].asInt() : -1;
            switch (mutation.change()) {
                case REPLACE -> put(parent, key, index, mutation.value());
                case WRAP_IN_ARRAY -> put(parent, key, index, array(List.of(node)));
                case EMPTY -> put(parent, key, index, node.isArray() ? NODES.objectNode() : NODES.arrayNode());
                case REMOVE -> {
                    if (key != null) {
                        ((ObjectNode) parent).remove(key);
                    } else {
                        ((ArrayNode) parent).remove(index);
                    }
                }
                case ADD_MEMBER -> {
                    if (node instanceof ObjectNode object && !object.has(mutation.name())) {
                        object.set(mutation.name(), mutation.value());
                    } else if (node instanceof ArrayNode array) {
                        array.add(mutation.value());
                    }
                }
            }
        }
        return root;
    }

    /** Every (parent, node, name or null, index) below the root, in document order. */
    private static void collect(JsonNode parent, List<JsonNode[]> slots) {
        if (parent instanceof ObjectNode object) {
            object.properties().forEach(member -> {
                slots.add(new JsonNode[] {object, member.getValue(), NODES.textNode(member.getKey()), null});
                collect(member.getValue(), slots);
            });
        } else if (parent instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new JsonNode[] {array, array.get(i), null, NODES.numberNode(i)});
                collect(array.get(i), slots);
            }
        }
    }

    private static void put(ContainerNode<?> parent, String key, int index, JsonNode value) {
        if (key != null) {
            ((ObjectNode) parent).set(key, value);
        } else {
            ((ArrayNode) parent).set(index, value);
        }
    }

    /**
     * Serialises a tree as UTF-8; a tree holding an unpaired surrogate (which UTF-8 cannot encode) with every
     * non-ASCII character as a {@code \\u} escape, as a client can send it.
     */
    public static byte[] bytes(JsonNode tree) {
        try {
            return ProviderJson.MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException unpairedSurrogate) {
            try {
                return ProviderJson.MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).writeValueAsBytes(tree);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One change to bytes: {@code at} modulo the length; {@code kind} 0 flip, 1 delete, 2 insert, 3 cut there. */
    public record ByteEdit(int at, int kind, byte value) {
    }

    /** Byte sequences from {@code base}, now and then damaged by a few edits. */
    public static Arbitrary<byte[]> garbled(Arbitrary<byte[]> base) {
        Arbitrary<ByteEdit> edit = Combinators.combine(Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.integers().between(0, 3), Arbitraries.bytes()).as(ByteEdit::new);
        return Combinators.combine(base, edit.list().ofMaxSize(3)).as(Json::edit);
    }

    public static byte[] edit(byte[] input, List<ByteEdit> edits) {
        byte[] bytes = input;
        for (ByteEdit edit : edits) {
            int at = bytes.length == 0 ? 0 : edit.at() % bytes.length;
            switch (edit.kind()) {
                case 0 -> {
                    if (bytes.length > 0) {
                        bytes = bytes.clone();
                        bytes[at] ^= edit.value() == 0 ? 1 : edit.value();
                    }
                }
                case 1 -> {
                    if (bytes.length > 0) {
                        byte[] shorter = Arrays.copyOf(bytes, bytes.length - 1);
                        System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                        bytes = shorter;
                    }
                }
                case 2 -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = edit.value();
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
                default -> bytes = Arrays.copyOf(bytes, at);
            }
        }
        return bytes;
    }

    /** Raw bytes: random, and random ASCII made of JSON punctuation and words (closer to what parsers expect). */
    public static Arbitrary<byte[]> rawBytes() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]:,\"\\ \n0123456789-+.eEtrufalsn")
                .ofMaxLength(64).map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, jsonish);
    }

    /**
     * Inputs for a reader of JSON documents shaped like {@code shape}: the shape as generated, mutated trees,
     * damaged bytes of either, and raw bytes.
     */
    public static Arbitrary<byte[]> inputs(Arbitrary<JsonNode> shape) {
        Arbitrary<byte[]> trees = mutated(shape, 3).map(Json::bytes);
        return Arbitraries.frequencyOf(Tuple.of(3, shape.map(Json::bytes)), Tuple.of(4, trees),
                Tuple.of(2, garbled(trees)), Tuple.of(1, rawBytes()));
    }

    /** The text with every character outside printable ASCII as {@code \\uXXXX}, for readable failure reports. */
    public static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\u%04x", c)));
        return out.toString();
    }

    public static byte[] utf8(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Whether the bytes hold exactly one JSON document without repeated member names (some checks need that). */
    public static boolean strictlyReadable(byte[] bytes) {
        try (var parser = ProviderJson.FACTORY.createParser(bytes)) {
            parser.enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            while (parser.nextToken() != null) {
                // reading is the check
            }
            return true;
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }
}

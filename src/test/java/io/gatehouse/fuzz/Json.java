package io.gatehouse.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ProviderJson;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Building blocks for JSON inputs: texts and numbers that find edge cases (empty, huge, unpaired surrogates,
 * control characters, numbers beyond {@code long}), any JSON value, objects assembled from named members, and
 * mutations of a generated tree (a value replaced by one of another type, a member dropped or added) and of its
 * bytes (flips, cuts, insertions). Every choice is read from the fuzzer's data ({@link Gen}).
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
    private static final String READABLE = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _-.:/@+";
    private static final BigInteger BEYOND_LONG = BigInteger.TWO.pow(63);

    private Json() {
    }

    /** Short texts of every kind, weighted towards the readable. */
    public static Gen<String> text() {
        return Gen.<String>weighted()
                .or(6, Gen.strings(READABLE, 0, 16))
                .or(3, Gen.of(NOTABLE))
                .or(2, Gen.anyString(12))
                .or(1, Gen.latin1(100, 400));
    }

    public static Gen<JsonNode> textNode() {
        return text().map(NODES::textNode);
    }

    /** One of the given texts, now and then any text (a value the code does not know). */
    public static Gen<JsonNode> oneOfText(String... known) {
        return Gen.<String>weighted().or(8, Gen.of(known)).or(1, text()).map(NODES::textNode);
    }

    /** Integers around the interesting places: small, {@code int} and {@code long} limits, beyond {@code long}. */
    public static Gen<JsonNode> integer() {
        return Gen.<JsonNode>weighted()
                .or(6, Gen.ints(-2, 20).map(NODES::numberNode))
                .or(2, Gen.anyInt().map(NODES::numberNode))
                .or(1, Gen.anyLong().map(NODES::numberNode))
                .or(1, Gen.bigIntegers(BEYOND_LONG, 96).map(NODES::numberNode));
    }

    public static Gen<JsonNode> number() {
        Gen<JsonNode> decimal = data -> NODES.numberNode(data.consumeRegularDouble(-3, 3));
        Gen<JsonNode> huge = data -> NODES.numberNode(new BigDecimal(Gen.bigIntegers(BigInteger.ZERO, 136).draw(data)
                .subtract(BigInteger.TWO.pow(135)), 3));
        return Gen.<JsonNode>weighted().or(3, integer()).or(2, decimal).or(1, huge);
    }

    public static Gen<JsonNode> bool() {
        return Gen.bools().map(NODES::booleanNode);
    }

    /** Any JSON value, nested at most {@code depth} levels; member names mostly ones the gateway reads. */
    public static Gen<JsonNode> any(int depth) {
        if (depth <= 0) {
            return scalar();
        }
        Gen<JsonNode> inner = data -> any(depth - 1).draw(data);
        Gen<JsonNode> array = inner.list(0, 3).map(Json::array);
        Gen<JsonNode> object = data -> {
            ObjectNode node = NODES.objectNode();
            int members = data.consumeInt(0, 3);
            for (int i = 0; i < members; i++) {
                node.set(memberName().draw(data), inner.draw(data));
            }
            return node;
        };
        return Gen.<JsonNode>weighted().or(4, scalar()).or(1, array).or(1, object);
    }

    public static Gen<JsonNode> scalar() {
        return Gen.<JsonNode>weighted().or(3, textNode()).or(2, number()).or(1, bool())
                .or(1, Gen.constant(NODES.nullNode()));
    }

    private static Gen<String> memberName() {
        return Gen.<String>weighted().or(3, Gen.of("type", "text", "content", "role", "index", "id",
                "name", "arguments", "usage", "choices", "delta", "error", "parts", "candidates", "messages", "input",
                "model", "stream", "finish_reason", "tool_calls", "function", "url", "data")).or(1, text());
    }

    public static ArrayNode array(List<? extends JsonNode> items) {
        ArrayNode array = NODES.arrayNode();
        array.addAll(items);
        return array;
    }

    /** A list of min..max items, as a JSON array. */
    public static Gen<JsonNode> arrayOf(Gen<? extends JsonNode> item, int min, int max) {
        Gen<JsonNode> widened = item::draw;
        return widened.list(min, max).map(Json::array);
    }

    /** An object assembled from members, each present with its own probability. */
    public static Obj object() {
        return new Obj();
    }

    /** Builds {@link #object()}. */
    public static final class Obj {
        private record Member(String name, Gen<? extends JsonNode> value, double presence) {
        }

        private final List<Member> members = new ArrayList<>();

        public Obj with(String name, JsonNode value) {
            return with(name, Gen.constant(value));
        }

        public Obj with(String name, Gen<? extends JsonNode> value) {
            return maybe(name, value, 1.0);
        }

        public Obj maybe(String name, Gen<? extends JsonNode> value, double presence) {
            members.add(new Member(name, value, presence));
            return this;
        }

        public Gen<JsonNode> build() {
            List<Member> all = List.copyOf(members);
            return data -> {
                ObjectNode node = NODES.objectNode();
                for (Member member : all) {
                    if (member.presence() >= 1.0 || Gen.chance(data, member.presence())) {
                        node.set(member.name(), member.value().draw(data));
                    }
                }
                return node;
            };
        }
    }

    /** What a mutation does at the node it picks. */
    public enum Change { REPLACE, REMOVE, ADD_MEMBER, WRAP_IN_ARRAY, EMPTY }

    /** One change to a tree: {@code at} picks a node in document order (modulo their number). */
    public record Mutation(int at, Change change, String name, JsonNode value) {
    }

    /** Trees from {@code base} with up to {@code max} random changes. */
    public static Gen<JsonNode> mutated(Gen<? extends JsonNode> base, int max) {
        Gen<Mutation> mutation = data -> new Mutation(data.consumeInt(0, 10_000), data.pickValue(Change.values()),
                memberName().draw(data), any(2).draw(data));
        Gen<List<Mutation>> mutations = mutation.list(0, max);
        return data -> apply(base.draw(data), mutations.draw(data));
    }

    /** Lists of values from {@code items}, mutated as one array (an item may change type or go). */
    public static Gen<List<JsonNode>> mutatedEach(Gen<List<JsonNode>> items, int max) {
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

    /** Byte sequences from {@code base}, damaged by up to three edits. */
    public static Gen<byte[]> garbled(Gen<byte[]> base) {
        Gen<ByteEdit> edit = data -> new ByteEdit(data.consumeInt(0, 1 << 20), data.consumeInt(0, 3), data.consumeByte());
        Gen<List<ByteEdit>> edits = edit.list(0, 3);
        return data -> edit(base.draw(data), edits.draw(data));
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
    public static Gen<byte[]> rawBytes() {
        Gen<byte[]> jsonish = Gen.strings("{}[]:,\"\\ \n0123456789-+.eEtrufalsn", 0, 64).map(Json::utf8);
        return Gen.oneOf(Gen.bytes(64), jsonish);
    }

    /**
     * Inputs for a reader of JSON documents shaped like {@code shape}: the shape as generated, mutated trees,
     * damaged bytes of either, and raw bytes.
     */
    public static Gen<byte[]> inputs(Gen<? extends JsonNode> shape) {
        Gen<byte[]> trees = mutated(shape, 3).map(Json::bytes);
        Gen<byte[]> asIs = data -> bytes(shape.draw(data));
        return Gen.<byte[]>weighted().or(3, asIs).or(4, trees).or(2, garbled(trees)).or(1, rawBytes());
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

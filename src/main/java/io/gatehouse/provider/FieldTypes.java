package io.gatehouse.provider;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON types of the request fields Gatehouse reads, per wire format and path. A field sent with another type
 * ({@code "temperature": "hot"}, {@code "stream": "yes"}, {@code "messages": {}}) is the client's error: a 400
 * naming it, never a value silently dropped or coerced on the way to the provider. {@code null} stands for "not set"
 * everywhere (SDKs send it). Fields not listed are not read here: on pass-through paths they reach the provider
 * untouched, which then judges them.
 */
public final class FieldTypes {
    /** A JSON type, as the tokens a streaming parser reports for it. */
    public enum Type {
        STRING("a string", JsonToken.VALUE_STRING),
        BOOLEAN("a boolean", JsonToken.VALUE_TRUE, JsonToken.VALUE_FALSE),
        NUMBER("a number", JsonToken.VALUE_NUMBER_INT, JsonToken.VALUE_NUMBER_FLOAT),
        INTEGER("an integer", JsonToken.VALUE_NUMBER_INT),
        OBJECT("an object", JsonToken.START_OBJECT),
        ARRAY("an array", JsonToken.START_ARRAY);

        private final String phrase;
        private final Set<JsonToken> tokens;

        Type(String phrase, JsonToken first, JsonToken... more) {
            this.phrase = phrase;
            this.tokens = EnumSet.of(first, more);
        }
    }

    /** What Gatehouse itself reads from every OpenAI-shaped body, whatever the upstream: routing and stream usage. */
    public static final FieldTypes OPENAI = new FieldTypes()
            .field("model", Type.STRING).field("stream", Type.BOOLEAN).field("stream_options", Type.OBJECT);
    /** Inside {@code stream_options}, which Gatehouse edits on streams. */
    public static final FieldTypes OPENAI_STREAM_OPTIONS = new FieldTypes().field("include_usage", Type.BOOLEAN);
    /** What the policies (and the message-count limit) read from a chat completion request on every path. */
    public static final FieldTypes OPENAI_CHAT = new FieldTypes().field("messages", Type.ARRAY);
    /** What the policies read from an embeddings request on every path. */
    public static final FieldTypes OPENAI_EMBEDDINGS = new FieldTypes().field("input", Type.STRING, Type.ARRAY);
    /** Everything the translators to Anthropic and Gemini read from a chat completion request. */
    public static final FieldTypes OPENAI_CHAT_TRANSLATED = new FieldTypes()
            .field("messages", Type.ARRAY)
            .field("temperature", Type.NUMBER).field("top_p", Type.NUMBER)
            .field("presence_penalty", Type.NUMBER).field("frequency_penalty", Type.NUMBER)
            .field("max_tokens", Type.INTEGER).field("max_completion_tokens", Type.INTEGER)
            .field("n", Type.INTEGER).field("seed", Type.INTEGER).field("top_k", Type.INTEGER)
            .field("logprobs", Type.BOOLEAN).field("top_logprobs", Type.INTEGER)
            .field("stop", Type.STRING, Type.ARRAY)
            .field("tools", Type.ARRAY).field("tool_choice", Type.STRING, Type.OBJECT)
            .field("parallel_tool_calls", Type.BOOLEAN)
            .field("response_format", Type.OBJECT).field("reasoning_effort", Type.STRING)
            .field("user", Type.STRING).field("safety_identifier", Type.STRING);
    /** What the Gemini translation reads from an embeddings request. */
    public static final FieldTypes OPENAI_EMBEDDINGS_TRANSLATED = new FieldTypes()
            .field("input", Type.STRING, Type.ARRAY).field("dimensions", Type.INTEGER).field("encoding_format", Type.STRING);
    /** Everything the translation of an OpenAI Responses request to the chat form, and the gateway's store, read. */
    public static final FieldTypes OPENAI_RESPONSES = new FieldTypes()
            .field("input", Type.STRING, Type.ARRAY).field("instructions", Type.STRING)
            .field("tools", Type.ARRAY).field("tool_choice", Type.STRING, Type.OBJECT)
            .field("parallel_tool_calls", Type.BOOLEAN).field("text", Type.OBJECT).field("reasoning", Type.OBJECT)
            .field("max_output_tokens", Type.INTEGER).field("temperature", Type.NUMBER).field("top_p", Type.NUMBER)
            .field("user", Type.STRING).field("store", Type.BOOLEAN).field("previous_response_id", Type.STRING)
            .field("metadata", Type.OBJECT).field("truncation", Type.STRING).field("include", Type.ARRAY)
            .field("service_tier", Type.STRING);
    /** What Gatehouse itself reads from every Anthropic Messages body: routing and the stream flag. */
    public static final FieldTypes ANTHROPIC = new FieldTypes().field("model", Type.STRING).field("stream", Type.BOOLEAN);
    /** What the policies read from an Anthropic Messages request on every path. */
    public static final FieldTypes ANTHROPIC_MESSAGES = new FieldTypes()
            .field("messages", Type.ARRAY).field("system", Type.STRING, Type.ARRAY);
    /** Everything the translation of an Anthropic Messages request to OpenAI's shape reads. */
    public static final FieldTypes ANTHROPIC_TRANSLATED = new FieldTypes()
            .field("messages", Type.ARRAY).field("system", Type.STRING, Type.ARRAY)
            .field("max_tokens", Type.INTEGER).field("temperature", Type.NUMBER).field("top_p", Type.NUMBER)
            .field("stop_sequences", Type.ARRAY).field("tools", Type.ARRAY).field("tool_choice", Type.OBJECT)
            .field("metadata", Type.OBJECT);

    private final Map<String, Set<Type>> fields = new LinkedHashMap<>();

    private FieldTypes() {
    }

    private FieldTypes field(String name, Type first, Type... more) {
        fields.put(name, EnumSet.of(first, more));
        return this;
    }

    /** Checks the listed members of a peeked object; {@code prefix} names its place ({@code "stream_options."}). */
    public void check(JsonMembers members, String prefix) {
        fields.forEach((name, types) -> {
            JsonMembers.Member member = members.get(name);
            if (member != null) {
                check(prefix + name, types, member.kind());
            }
        });
    }

    /** Checks the listed fields of a request tree's top level. */
    public void check(JsonNode request) {
        fields.forEach((name, types) -> {
            JsonNode value = request.get(name);
            if (value != null) {
                check(name, types, value.asToken());
            }
        });
    }

    private static void check(String field, Set<Type> types, JsonToken kind) {
        if (kind == JsonToken.VALUE_NULL || types.stream().anyMatch(t -> t.tokens.contains(kind))) {
            return;
        }
        String expected = types.stream().map(t -> t.phrase).collect(Collectors.joining(" or "));
        throw new TranslationException("Invalid type for '" + field + "': expected " + expected + ", but got "
                + phrase(kind) + ".", field, "invalid_type");
    }

    private static String phrase(JsonToken kind) {
        return switch (kind) {
            case VALUE_STRING -> "a string";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> kind.name();
        };
    }
}

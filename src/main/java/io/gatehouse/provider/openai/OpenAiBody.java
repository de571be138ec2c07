package io.gatehouse.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.JsonSplice;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A client's OpenAI request body, read once with a streaming parser (top level only, no tree): the facts the
 * gateway routes on ({@code model}, {@code stream}, whether the client asked for stream usage) and the byte
 * positions needed to make Gatehouse's edits without re-serialising anything else. Unknown fields, key order,
 * whitespace and number spelling all survive.
 */
public final class OpenAiBody {
    private static final byte[] INCLUDE_USAGE = "\"include_usage\":true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    private final byte[] source;
    private String model;
    private int modelStart = -1;
    private int modelEnd = -1;
    private boolean stream;
    private boolean hasMembers;
    private int closingBrace = -1;
    /** -1 absent; otherwise the start of the {@code stream_options} value. */
    private int streamOptionsStart = -1;
    private int streamOptionsEnd = -1;
    private boolean streamOptionsIsObject;
    private boolean streamOptionsHasMembers;
    private int streamOptionsClosingBrace = -1;
    private Boolean includeUsage;
    private int includeUsageStart = -1;
    private int includeUsageEnd = -1;

    private OpenAiBody(byte[] source) {
        this.source = source;
    }

    /** Reads the body's top level; a body that is not a JSON object is the client's error. */
    public static OpenAiBody peek(byte[] body) {
        OpenAiBody result = new OpenAiBody(body);
        try (JsonParser parser = ProviderJson.parser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new TranslationException("The request body must be a JSON object.", null);
            }
            result.readTopLevel(parser);
            if (parser.nextToken() != null) {
                throw new TranslationException("The request body has content after its JSON object.", null);
            }
        } catch (IOException e) {
            throw new TranslationException("The body is not valid JSON: " + e.getMessage(), null);
        }
        return result;
    }

    public String model() {
        return model;
    }

    public boolean stream() {
        return stream;
    }

    /** The client asked for the usage chunk ({@code stream_options.include_usage: true}). */
    public boolean clientWantsUsage() {
        return stream && Boolean.TRUE.equals(includeUsage);
    }

    /**
     * The body to send upstream: {@code model} replaced when the upstream name differs (the client used a
     * {@code <config>/<model>} prefix or an alias), and on streams {@code stream_options.include_usage: true} added
     * or forced so Gatehouse can always meter (SPEC §4.5). Returns the original array when nothing changes.
     */
    public byte[] forUpstream(String upstreamModel) {
        JsonSplice splice = new JsonSplice(source);
        if (upstreamModel != null && modelStart >= 0 && !upstreamModel.equals(model)) {
            splice.replace(modelStart, modelEnd, JsonOut.quoted(upstreamModel));
        }
        if (stream && !Boolean.TRUE.equals(includeUsage)) {
            askForUsage(splice);
        }
        return splice.apply();
    }

    /** {@code POST /chat/completions} relative to the configuration's base endpoint (which ends in {@code /v1}). */
    public UpstreamRequest chatCompletions(String upstreamModel) {
        return UpstreamRequest.post("/chat/completions", headers(), forUpstream(upstreamModel));
    }

    /** {@code POST /embeddings}: same pass-through, only the model may change. */
    public UpstreamRequest embeddings(String upstreamModel) {
        return UpstreamRequest.post("/embeddings", List.of(Header.of("content-type", "application/json")),
                forUpstream(upstreamModel));
    }

    private List<Header> headers() {
        return List.of(Header.of("content-type", "application/json"),
                Header.of("accept", stream ? "text/event-stream" : "application/json"));
    }

    private void askForUsage(JsonSplice splice) {
        if (includeUsage != null) {
            splice.replace(includeUsageStart, includeUsageEnd, TRUE);
        } else if (streamOptionsIsObject) {
            byte[] member = streamOptionsHasMembers ? prefixComma(INCLUDE_USAGE) : INCLUDE_USAGE;
            splice.insert(streamOptionsClosingBrace, member);
        } else if (streamOptionsStart >= 0) {
            // "stream_options": null (or another non-object): replace the value.
            splice.replace(streamOptionsStart, streamOptionsEnd, objectOf(INCLUDE_USAGE));
        } else {
            byte[] member = new JsonOut(48).raw("\"stream_options\":").raw(objectOf(INCLUDE_USAGE)).take();
            splice.insert(closingBrace, hasMembers ? prefixComma(member) : member);
        }
    }

    private void readTopLevel(JsonParser parser) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            hasMembers = true;
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (name) {
                case "model" -> readModel(parser, value);
                case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                case "stream_options" -> readStreamOptions(parser, value);
                default -> parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new TranslationException("The request body is not a well-formed JSON object.", null);
        }
        closingBrace = offset(parser.currentTokenLocation().getByteOffset());
    }

    private void readModel(JsonParser parser, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new TranslationException("'model' must be a string.", "model");
        }
        modelStart = offset(parser.currentTokenLocation().getByteOffset());
        model = parser.getText();
        modelEnd = offset(parser.currentLocation().getByteOffset());
    }

    private void readStreamOptions(JsonParser parser, JsonToken value) throws IOException {
        streamOptionsStart = offset(parser.currentTokenLocation().getByteOffset());
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            streamOptionsEnd = offset(parser.currentLocation().getByteOffset());
            return;
        }
        streamOptionsIsObject = true;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            streamOptionsHasMembers = true;
            String name = parser.currentName();
            JsonToken member = parser.nextToken();
            if (name.equals("include_usage") && member.isBoolean()) {
                includeUsage = member == JsonToken.VALUE_TRUE;
                includeUsageStart = offset(parser.currentTokenLocation().getByteOffset());
                includeUsageEnd = offset(parser.currentLocation().getByteOffset());
            } else {
                parser.skipChildren();
            }
        }
        streamOptionsClosingBrace = offset(parser.currentTokenLocation().getByteOffset());
        streamOptionsEnd = streamOptionsClosingBrace + 1;
    }

    private static int offset(long byteOffset) {
        return Math.toIntExact(byteOffset);
    }

    private static byte[] prefixComma(byte[] member) {
        return new JsonOut(member.length + 1).raw(",").raw(member).take();
    }

    private static byte[] objectOf(byte[] member) {
        return new JsonOut(member.length + 2).raw("{").raw(member).raw("}").take();
    }
}

package io.gatehouse.provider.openai;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.FieldTypes;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.JsonMembers;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.JsonSplice;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.UpstreamRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A client's OpenAI request body, read once with a streaming parser (top level only, no tree): the facts the
 * gateway routes on ({@code model}, {@code stream}, whether the client asked for stream usage) and the byte
 * positions needed to make Gatehouse's edits without re-serialising anything else. Unknown fields, key order,
 * whitespace and number spelling all survive; the fields read here must have their JSON type ({@link FieldTypes}).
 */
public final class OpenAiBody {
    private static final byte[] INCLUDE_USAGE = "\"include_usage\":true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);

    private final byte[] source;
    private final JsonMembers members;
    private final JsonMembers streamOptions;

    private OpenAiBody(byte[] source) {
        this.source = source;
        this.members = JsonMembers.of(source);
        FieldTypes.OPENAI.check(members, "");
        JsonMembers.Member options = members.get("stream_options");
        this.streamOptions = options != null && options.kind() == JsonToken.START_OBJECT
                ? JsonMembers.of(source, options.valueStart(), options.valueEnd()) : null;
        if (streamOptions != null) {
            FieldTypes.OPENAI_STREAM_OPTIONS.check(streamOptions, "stream_options.");
        }
    }

    /** Reads the body's top level; a body that is not a JSON object is the client's error. */
    public static OpenAiBody peek(byte[] body) {
        return new OpenAiBody(body);
    }

    /** Refuses the body when one of {@code fields} has another JSON type (400 naming it). */
    public void requireTypes(FieldTypes fields) {
        fields.check(members, "");
    }

    /** A top-level member's value as a tree (parsing only its bytes); a missing node when absent. */
    public JsonNode member(String name) {
        return members.tree(name);
    }

    public String model() {
        return members.string("model");
    }

    public boolean stream() {
        return members.isTrue("stream");
    }

    /** The end user the client named ({@code user}), or null; a non-string is the client's error. */
    public String user() {
        return members.string("user");
    }

    /** The {@code metadata} object's members, or null when there is none. */
    public JsonMembers metadata() {
        return members.object("metadata");
    }

    /** The client asked for the usage chunk ({@code stream_options.include_usage: true}). */
    public boolean clientWantsUsage() {
        return stream() && streamOptions != null && streamOptions.isTrue("include_usage");
    }

    /**
     * The body to send upstream: {@code model} replaced when the upstream name differs (the client used a
     * {@code <config>/<model>} prefix or an alias), and on streams {@code stream_options.include_usage: true} added
     * or forced so Gatehouse can always meter (SPEC §4.5). Returns the original array when nothing changes.
     */
    public byte[] forUpstream(String upstreamModel) {
        JsonSplice splice = new JsonSplice(source);
        members.replaceString(splice, "model", upstreamModel);
        if (stream() && !clientWantsUsage()) {
            askForUsage(splice);
        }
        return splice.apply();
    }

    /** {@code POST /chat/completions} relative to the configuration's base endpoint (which ends in {@code /v1}). */
    public UpstreamRequest chatCompletions(String upstreamModel) {
        return UpstreamRequest.post("/chat/completions", headers(), forUpstream(upstreamModel));
    }

    /** {@code POST /chat/completions} of a request another ingress's translation built. */
    public static UpstreamRequest chatCompletions(JsonNode body) {
        return UpstreamRequest.post("/chat/completions", List.of(Header.of("content-type", "application/json"),
                Header.of("accept", body.path("stream").asBoolean(false) ? "text/event-stream" : "application/json")),
                ProviderJson.write(body));
    }

    /** {@code POST /embeddings}: same pass-through, only the model may change. */
    public UpstreamRequest embeddings(String upstreamModel) {
        return UpstreamRequest.post("/embeddings", List.of(Header.of("content-type", "application/json")),
                forUpstream(upstreamModel));
    }

    private List<Header> headers() {
        return List.of(Header.of("content-type", "application/json"),
                Header.of("accept", stream() ? "text/event-stream" : "application/json"));
    }

    private JsonMembers.Member includeUsage() {
        JsonMembers.Member member = streamOptions == null ? null : streamOptions.get("include_usage");
        return member != null && member.kind().isBoolean() ? member : null;
    }

    private void askForUsage(JsonSplice splice) {
        JsonMembers.Member includeUsage = includeUsage();
        JsonMembers.Member options = members.get("stream_options");
        if (includeUsage != null) {
            splice.replace(includeUsage.valueStart(), includeUsage.valueEnd(), TRUE);
        } else if (streamOptions != null) {
            splice.insert(streamOptions.closingBrace(),
                    streamOptions.isEmpty() ? INCLUDE_USAGE : prefixComma(INCLUDE_USAGE));
        } else if (options != null) {
            // "stream_options": null (or another non-object): replace the value.
            splice.replace(options.valueStart(), options.valueEnd(), objectOf(INCLUDE_USAGE));
        } else {
            byte[] member = new JsonOut(48).raw("\"stream_options\":").raw(objectOf(INCLUDE_USAGE)).take();
            splice.insert(members.closingBrace(), members.isEmpty() ? member : prefixComma(member));
        }
    }

    private static byte[] prefixComma(byte[] member) {
        return new JsonOut(member.length + 1).raw(",").raw(member).take();
    }

    private static byte[] objectOf(byte[] member) {
        return new JsonOut(member.length + 2).raw("{").raw(member).raw("}").take();
    }
}

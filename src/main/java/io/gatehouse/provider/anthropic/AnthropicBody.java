package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.FieldTypes;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.JsonMembers;
import io.gatehouse.provider.JsonSplice;
import io.gatehouse.provider.UpstreamRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * A client's Anthropic Messages body on {@code /anthropic/v1/messages}, peeked without a tree. To an Anthropic
 * upstream it goes through unchanged — thinking blocks and their signatures included (PITFALLS 26) — except the
 * {@code model} when the upstream name differs.
 */
public final class AnthropicBody {
    private final byte[] source;
    private final JsonMembers members;

    private AnthropicBody(byte[] source) {
        this.source = source;
        this.members = JsonMembers.of(source);
        FieldTypes.ANTHROPIC.check(members, "");
    }

    public static AnthropicBody peek(byte[] body) {
        return new AnthropicBody(body);
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

    /** The {@code metadata} object's members ({@code user_id}), or null when there is none. */
    public JsonMembers metadata() {
        return members.object("metadata");
    }

    /** The body for an Anthropic upstream: the original array when the model name stays. */
    public byte[] forUpstream(String upstreamModel) {
        JsonSplice splice = new JsonSplice(source);
        members.replaceString(splice, "model", upstreamModel);
        return splice.apply();
    }

    /**
     * {@code POST /v1/messages} for an Anthropic upstream.
     *
     * @param anthropicVersion the client's {@code anthropic-version}, else the configuration's
     * @param anthropicBeta    the client's {@code anthropic-beta}, or {@code null}
     */
    public UpstreamRequest messages(String upstreamModel, String anthropicVersion, String anthropicBeta) {
        return post("/v1/messages", upstreamModel, anthropicVersion, anthropicBeta);
    }

    /** {@code POST /v1/messages/count_tokens} for an Anthropic upstream, with the same headers as {@link #messages}. */
    public UpstreamRequest countTokens(String upstreamModel, String anthropicVersion, String anthropicBeta) {
        return post("/v1/messages/count_tokens", upstreamModel, anthropicVersion, anthropicBeta);
    }

    private UpstreamRequest post(String path, String upstreamModel, String anthropicVersion, String anthropicBeta) {
        List<Header> headers = new ArrayList<>(List.of(Header.of("content-type", "application/json"),
                Header.of("accept", stream() ? "text/event-stream" : "application/json"),
                Header.of("anthropic-version", anthropicVersion)));
        if (anthropicBeta != null) {
            headers.add(Header.of("anthropic-beta", anthropicBeta));
        }
        return UpstreamRequest.post(path, headers, forUpstream(upstreamModel));
    }
}

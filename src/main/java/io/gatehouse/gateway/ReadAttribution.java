package io.gatehouse.gateway;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.JsonMembers;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.usage.AttributionIds;
import io.vertx.core.Future;

/**
 * Stage 3b: the end user and the conversation the request is for (decision 0018), from what {@link ReadRequest}
 * already peeked (no second parse). The {@code x-gatehouse-user} / {@code x-gatehouse-conversation} headers win — an
 * integrator (or Gatehouse's own conversations) sets them over whatever the end client put in the body; else the
 * user is the body's {@code metadata.user_id} (OpenAI, Responses, Anthropic), else its OpenAI {@code user}; the
 * conversation is {@code metadata.conversation_id}. Gemini-native bodies have no such fields: headers only. An id
 * breaking {@link AttributionIds} is refused with a 400 in the ingress's shape naming where it came from; an empty
 * one counts as absent. Gatehouse never forwards the headers upstream (the bodies go as the client sent them).
 */
final class ReadAttribution implements Stage {
    static final String USER_HEADER = "x-gatehouse-user";
    static final String CONVERSATION_HEADER = "x-gatehouse-conversation";

    @Override
    public Future<Void> apply(Exchange ex) {
        try {
            Body body = body(ex);
            ex.userId = first(header(ex, USER_HEADER), body.metadataUser, body.user);
            ex.conversationId = first(header(ex, CONVERSATION_HEADER), body.metadataConversation);
            return DONE;
        } catch (TranslationException e) {
            return StageFailure.of(e.error(), "client_error");
        }
    }

    /** A value and where it came from, for the refusal. */
    private record Named(String value, String source) {
    }

    private record Body(Named user, Named metadataUser, Named metadataConversation) {
        static final Body NONE = new Body(null, null, null);
    }

    private static Body body(Exchange ex) {
        if (ex.responses != null) {
            JsonNode request = ex.responses.request;
            JsonNode metadata = request.path("metadata");
            return new Body(text(request.get("user"), "user"), text(metadata.get("user_id"), "metadata.user_id"),
                    text(metadata.get("conversation_id"), "metadata.conversation_id"));
        }
        RequestFacts facts = ex.facts;
        if (facts.openAi != null) {
            JsonMembers metadata = facts.openAi.metadata();
            return new Body(new Named(facts.openAi.user(), "user"), member(metadata, "user_id"),
                    member(metadata, "conversation_id"));
        }
        if (facts.anthropic != null) {
            JsonMembers metadata = facts.anthropic.metadata();
            return new Body(null, member(metadata, "user_id"), member(metadata, "conversation_id"));
        }
        return Body.NONE;
    }

    private static Named header(Exchange ex, String name) {
        return new Named(ex.request.getHeader(name), name);
    }

    private static Named member(JsonMembers metadata, String name) {
        JsonMembers.Member member = metadata == null ? null : metadata.get(name);
        if (member == null || member.kind() == JsonToken.VALUE_NULL) {
            return null;
        }
        if (member.kind() != JsonToken.VALUE_STRING) {
            throw new TranslationException("'metadata." + name + "' must be a string.", "metadata." + name);
        }
        return new Named(member.text(), "metadata." + name);
    }

    private static Named text(JsonNode value, String source) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new TranslationException("'" + source + "' must be a string.", source);
        }
        return new Named(value.asText(), source);
    }

    /** The first value given (not empty), checked; null when none is. */
    private static String first(Named... candidates) {
        for (Named candidate : candidates) {
            if (candidate != null && candidate.value() != null && !candidate.value().isEmpty()) {
                if (!AttributionIds.valid(candidate.value())) {
                    throw new TranslationException("'" + candidate.source() + "' must be " + AttributionIds.rule()
                            + " (it attributes the request's usage; decision 0018).", candidate.source());
                }
                return candidate.value();
            }
        }
        return null;
    }
}

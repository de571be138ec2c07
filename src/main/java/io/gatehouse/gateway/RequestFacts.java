package io.gatehouse.gateway;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.FieldTypes;
import io.gatehouse.provider.JsonMembers;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.anthropic.AnthropicBody;
import io.gatehouse.provider.gemini.GeminiIngress;
import io.gatehouse.provider.openai.OpenAiBody;

import java.io.IOException;

/**
 * What the gateway reads from a client's body before routing: the top level only, with a streaming parser
 * ({@link OpenAiBody} / {@link AnthropicBody}); the tree is built later, and only when the upstream speaks another
 * format. Gemini-native bodies name no model (the path does) and are read whole. Bodies that are not a JSON object, lack a model, nest too deep, hold too many messages or send a field
 * Gatehouse reads with the wrong JSON type ({@link FieldTypes}) are refused here.
 */
final class RequestFacts {
    final byte[] body;
    final OpenAiBody openAi;
    final AnthropicBody anthropic;
    private final String model;
    private final boolean stream;
    private JsonNode tree;

    private RequestFacts(byte[] body, OpenAiBody openAi, AnthropicBody anthropic, String model, boolean stream) {
        this.body = body;
        this.openAi = openAi;
        this.anthropic = anthropic;
        this.model = model;
        this.stream = stream;
    }

    static RequestFacts read(Api api, byte[] body, int maxMessages) {
        return read(api, null, body, maxMessages);
    }

    /** @param pathModel the model a Gemini-native path names (its bodies name none); null on the other ingresses */
    static RequestFacts read(Api api, String pathModel, byte[] body, int maxMessages) {
        RequestFacts facts;
        if (api.dialect == ClientDialect.GOOGLE) {
            JsonMembers.of(body); // a JSON object without repeated keys, as the other ingresses' peeks require
            facts = new RequestFacts(body, null, null, pathModel, api == Api.GEMINI_STREAM);
            if (GeminiIngress.counted(facts.tree()).path("contents").size() > maxMessages) {
                throw new TranslationException("'contents' may hold at most " + maxMessages + " entries.", "contents");
            }
        } else if (api.dialect == ClientDialect.ANTHROPIC) {
            AnthropicBody peek = AnthropicBody.peek(body);
            peek.requireTypes(FieldTypes.ANTHROPIC_MESSAGES);
            facts = new RequestFacts(body, null, peek, peek.model(), api == Api.ANTHROPIC_MESSAGES && peek.stream());
        } else {
            OpenAiBody peek = OpenAiBody.peek(body);
            peek.requireTypes(api == Api.EMBEDDINGS ? FieldTypes.OPENAI_EMBEDDINGS : FieldTypes.OPENAI_CHAT);
            facts = new RequestFacts(body, peek, null, peek.model(), api == Api.CHAT && peek.stream());
        }
        if (facts.model == null || facts.model.isBlank()) {
            throw new TranslationException("'model' is required: the name of a model this key's repository can reach"
                    + " (GET /v1/models lists them).", "model");
        }
        // Each message takes at least three bytes ("{},"), so only a body this large can hold too many.
        if (body.length > 3L * maxMessages && countMessages(body) > maxMessages) {
            throw new TranslationException("'messages' may hold at most " + maxMessages + " entries.", "messages");
        }
        return facts;
    }

    String model() {
        return model;
    }

    boolean stream() {
        return stream;
    }

    boolean clientWantsUsage() {
        return openAi != null && openAi.clientWantsUsage();
    }

    /**
     * A top-level member's value (a missing node when absent): from the tree when it was built, else parsing only the
     * member's bytes, so reading one field does not build the tree of a large body.
     */
    JsonNode member(String name) {
        if (tree == null && openAi != null) {
            return openAi.member(name);
        }
        if (tree == null && anthropic != null) {
            return anthropic.member(name);
        }
        return tree().path(name);
    }

    /** The whole request as a tree, parsed once, for translations. */
    JsonNode tree() {
        if (tree == null) {
            tree = ProviderJson.read(body);
        }
        return tree;
    }

    private static int countMessages(byte[] body) {
        try (JsonParser parser = ProviderJson.parser(body)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("messages") && value == JsonToken.START_ARRAY) {
                    int count = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        parser.skipChildren();
                        count++;
                    }
                    return count;
                }
                parser.skipChildren();
            }
            return 0;
        } catch (IOException e) {
            throw new TranslationException("The body is not valid JSON.", null);
        }
    }
}

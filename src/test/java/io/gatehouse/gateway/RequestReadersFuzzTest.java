package io.gatehouse.gateway;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.fuzz.FuzzTarget;
import io.gatehouse.fuzz.Gen;
import io.gatehouse.fuzz.Json;
import io.gatehouse.fuzz.Outputs;
import io.gatehouse.fuzz.RequestShapes;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes what the gateway reads from a client body before routing ({@link RequestFacts}: the streaming peek of
 * OpenAI and Anthropic bodies, the message count) and the body it sends on unchanged but for the model: anything
 * is read or refused with a 400, and what goes upstream is the client's JSON with only Gatehouse's edits. A Responses
 * API body becomes a chat body the same reader takes, or is refused with a 400.
 */
class RequestReadersFuzzTest {
    private static final int MAX_MESSAGES = 3;

    private static final Gen<byte[]> OPEN_AI_BODIES = Json.inputs(Gen.oneOf(RequestShapes.openAiChat(), RequestShapes.openAiEmbeddings()));

    private static final Gen<byte[]> RESPONSES_BODIES = Json.inputs(RequestShapes.openAiResponses());

    private static final Gen<byte[]> ANTHROPIC_BODIES = Json.inputs(RequestShapes.anthropicMessages());

    @FuzzTarget
    void openAiBodiesAreReadOrRefusedAndGoUpstreamWithOnlyTheModelAndUsageChanged(FuzzedDataProvider data) {
        byte[] body = OPEN_AI_BODIES.draw(data);
        boolean chat = data.consumeBoolean();
        Api api = chat ? Api.CHAT : Api.EMBEDDINGS;
        RequestFacts facts = readOrRefuse(api, body);
        if (facts == null || !Json.strictlyReadable(body)) {
            return;
        }
        JsonNode sent = Outputs.jsonObject(facts.openAi.forUpstream("upstream-model"));
        ObjectNode expected = (ObjectNode) ProviderJson.read(body).deepCopy();
        expected.put("model", "upstream-model");
        if (facts.openAi.stream()) {
            JsonNode options = expected.path("stream_options");
            (options.isObject() ? (ObjectNode) options : expected.putObject("stream_options")).put("include_usage", true);
        }
        assertThat(sent).isEqualTo(expected);
    }

    @FuzzTarget
    void anthropicBodiesAreReadOrRefusedAndGoUpstreamWithOnlyTheModelChanged(FuzzedDataProvider data) {
        byte[] body = ANTHROPIC_BODIES.draw(data);
        RequestFacts facts = readOrRefuse(Api.ANTHROPIC_MESSAGES, body);
        if (facts == null || !Json.strictlyReadable(body)) {
            return;
        }
        ObjectNode expected = (ObjectNode) ProviderJson.read(body).deepCopy();
        expected.put("model", "upstream-model");
        assertThat(Outputs.jsonObject(facts.anthropic.forUpstream("upstream-model"))).isEqualTo(expected);
    }

    @FuzzTarget
    void responsesBodiesBecomeAChatBodyTheGatewayReadsOrAreRefused(FuzzedDataProvider data) {
        byte[] body = RESPONSES_BODIES.draw(data);
        byte[] chat;
        try {
            JsonNode request = ResponsesExchange.read(body);
            chat = ResponsesExchange.of(request, ProviderJson.NODES.arrayNode(), prefix -> prefix + "1",
                    java.time.Clock.systemUTC()).chatBody();
        } catch (TranslationException refused) {
            assertThat(refused.error().status()).isEqualTo(400);
            return;
        }
        Outputs.jsonObject(chat);
        readOrRefuse(Api.CHAT, chat);
    }

    /** Reads, checking the answer against a tree of the same body: refused exactly when the tree says so. */
    private static RequestFacts readOrRefuse(Api api, byte[] body) {
        RequestFacts facts;
        try {
            facts = RequestFacts.read(api, body, MAX_MESSAGES);
        } catch (TranslationException refused) {
            assertThat(refused.error().status()).isEqualTo(400);
            return null;
        }
        JsonNode tree = facts.tree();
        assertThat(tree.isObject()).isTrue();
        assertThat(facts.model()).isNotBlank().isEqualTo(tree.path("model").textValue());
        assertThat(tree.path("messages").size()).as("messages").isLessThanOrEqualTo(tree.path("messages").isArray()
                ? MAX_MESSAGES : Integer.MAX_VALUE);
        return facts;
    }
}

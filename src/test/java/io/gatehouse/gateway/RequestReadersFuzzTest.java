package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.fuzz.Fuzzing;
import io.gatehouse.fuzz.Json;
import io.gatehouse.fuzz.Outputs;
import io.gatehouse.fuzz.RequestShapes;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes what the gateway reads from a client body before routing ({@link RequestFacts}: the streaming peek of
 * OpenAI and Anthropic bodies, the message count) and the body it sends on unchanged but for the model: anything
 * is read or refused with a 400, and what goes upstream is the client's JSON with only Gatehouse's edits.
 */
@Fuzzing
class RequestReadersFuzzTest {
    private static final int MAX_MESSAGES = 3;

    @Provide
    Arbitrary<byte[]> openAiBodies() {
        return Json.inputs(Arbitraries.oneOf(RequestShapes.openAiChat(), RequestShapes.openAiEmbeddings()));
    }

    @Provide
    Arbitrary<byte[]> anthropicBodies() {
        return Json.inputs(RequestShapes.anthropicMessages());
    }

    @Property
    void openAiBodiesAreReadOrRefusedAndGoUpstreamWithOnlyTheModelAndUsageChanged(
            @ForAll("openAiBodies") byte[] body, @ForAll boolean chat) {
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

    @Property
    void anthropicBodiesAreReadOrRefusedAndGoUpstreamWithOnlyTheModelChanged(@ForAll("anthropicBodies") byte[] body) {
        RequestFacts facts = readOrRefuse(Api.ANTHROPIC_MESSAGES, body);
        if (facts == null || !Json.strictlyReadable(body)) {
            return;
        }
        ObjectNode expected = (ObjectNode) ProviderJson.read(body).deepCopy();
        expected.put("model", "upstream-model");
        assertThat(Outputs.jsonObject(facts.anthropic.forUpstream("upstream-model"))).isEqualTo(expected);
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

package io.gatehouse.gateway;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.fuzz.FuzzTarget;
import io.gatehouse.fuzz.Gen;
import io.gatehouse.fuzz.Json;
import io.gatehouse.fuzz.RequestShapes;
import io.gatehouse.fuzz.UpstreamShapes;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link PolicyText}, the text policies judge and redact, over requests and answers of every shape (mutated
 * into wrong types too): it never throws, and each slot can be rewritten alone — after writing a marker into every
 * slot the texts read back are exactly the markers, so redaction touches these strings and nothing else.
 */
class PolicyTextFuzzTest {

    private static final Gen<JsonNode> REQUESTS = Json.mutated(Gen.oneOf(RequestShapes.openAiChat(), RequestShapes.anthropicMessages(),
                RequestShapes.openAiEmbeddings(), RequestShapes.geminiGenerate()), 3);

    private static final Gen<JsonNode> ANSWERS = Json.mutated(Gen.oneOf(UpstreamShapes.openAiCompletion(),
            UpstreamShapes.anthropicMessage(), UpstreamShapes.geminiResponse()), 3);

    /** Every ingress with a body: each reads any shape without throwing. */
    private static final Gen<Api> APIS = Gen.of(java.util.Arrays.stream(Api.values()).filter(api -> api.callsProvider())
            .toArray(Api[]::new));

    private static final Gen<Api> ANSWERING_APIS = Gen.of(Api.CHAT, Api.ANTHROPIC_MESSAGES, Api.GEMINI_GENERATE);

    @FuzzTarget
    void requestTextIsFoundAndRewrittenSlotBySlot(FuzzedDataProvider data) {
        JsonNode body = REQUESTS.draw(data);
        Api api = APIS.draw(data);
        rewritesEverySlot(body, tree -> PolicyText.request(api, tree));
    }

    @FuzzTarget
    void answerTextIsFoundAndRewrittenSlotBySlot(FuzzedDataProvider data) {
        JsonNode body = ANSWERS.draw(data);
        Api api = ANSWERING_APIS.draw(data);
        rewritesEverySlot(body, tree -> PolicyText.answer(api, tree));
    }

    private static void rewritesEverySlot(JsonNode body, java.util.function.Function<JsonNode, PolicyText> slots) {
        JsonNode tree = body.deepCopy();
        PolicyText text = slots.apply(tree);
        List<String> markers = new ArrayList<>();
        int count = text.text().segments().size();
        for (int i = 0; i < count; i++) {
            markers.add("\u00absecret " + i + "\u00bb");
        }
        for (int i = count - 1; i >= 0; i--) {
            text.replace(i, markers.get(i));
        }
        assertThat(slots.apply(tree).text().segments()).isEqualTo(markers);
        assertThat(slots.apply(body.deepCopy()).text().segments()).hasSize(markers.size());
    }
}

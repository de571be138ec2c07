package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.fuzz.Fuzzing;
import io.gatehouse.fuzz.Json;
import io.gatehouse.fuzz.RequestShapes;
import io.gatehouse.fuzz.UpstreamShapes;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes {@link PolicyText}, the text policies judge and redact, over requests and answers of every shape (mutated
 * into wrong types too): it never throws, and each slot can be rewritten alone — after writing a marker into every
 * slot the texts read back are exactly the markers, so redaction touches these strings and nothing else.
 */
@Fuzzing
class PolicyTextFuzzTest {

    @Provide
    Arbitrary<JsonNode> requests() {
        return Json.mutated(Arbitraries.oneOf(RequestShapes.openAiChat(), RequestShapes.anthropicMessages(),
                RequestShapes.openAiEmbeddings()), 3);
    }

    @Provide
    Arbitrary<JsonNode> answers() {
        return Json.mutated(Arbitraries.oneOf(UpstreamShapes.openAiCompletion(), UpstreamShapes.anthropicMessage()), 3);
    }

    @Provide
    Arbitrary<Api> apis() {
        return Arbitraries.of(Api.CHAT, Api.ANTHROPIC_MESSAGES, Api.EMBEDDINGS);
    }

    @Property
    void requestTextIsFoundAndRewrittenSlotBySlot(@ForAll("requests") JsonNode body, @ForAll("apis") Api api) {
        rewritesEverySlot(body, tree -> PolicyText.request(api, tree));
    }

    @Property
    void answerTextIsFoundAndRewrittenSlotBySlot(@ForAll("answers") JsonNode body, @ForAll boolean anthropic) {
        rewritesEverySlot(body, tree -> PolicyText.answer(anthropic ? Api.ANTHROPIC_MESSAGES : Api.CHAT, tree));
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

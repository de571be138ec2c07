package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.Usage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GeminiToOpenAiResponseTest {
    private final GeminiToOpenAiResponse translator = new GeminiToOpenAiResponse(Fixtures.CLOCK,
            Fixtures.ids("chatcmpl-minted", "call_7f3a1c9e0b2d4e6f", "call_2c8e5a7b1d9f3e0a"));

    private JsonNode translate(String body) {
        return Fixtures.json(translator.translate(Fixtures.utf8(body), "gemini-2.5-flash"));
    }

    /** PITFALLS 12: thought tokens count as completion tokens. */
    @Test
    void textAnswerWithThoughtTokens() {
        JsonNode out = Fixtures.json(translator.translate(Fixtures.bytes("gemini/01-basic.response.json"), "gemini-2.5-flash"));
        assertThat(out.get("id").asText()).isEqualTo("chatcmpl-c1_mafH2D5u0-kPt7GXyAk");
        assertThat(out.get("created").asLong()).isEqualTo(1764150000L);
        assertThat(out.at("/choices/0/message/content").asText()).isEqualTo("The image is a single red pixel.");
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(out.get("usage")).isEqualTo(Fixtures.json(Fixtures.utf8("{\"prompt_tokens\":265,\"completion_tokens\":198,"
                + "\"total_tokens\":463,\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":190}}")));
        Usage usage = GeminiToOpenAiResponse.usage(Fixtures.bytes("gemini/03-function-response-followup.response.json"));
        assertThat(usage).isEqualTo(new Usage(171, 21, 192, 0, null, null));
        assertThat(usage.promptTokens() + usage.completionTokens()).isEqualTo(usage.totalTokens());
    }

    /** PITFALLS 8 (non-streaming) and 25: STOP with calls is tool_calls; the signature rides on its call. */
    @Test
    void functionCallsAreToolCallsWithTheirSignature() {
        JsonNode out = translate("{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_weather\","
                + "\"args\":{\"city\":\"Paris\",\"unit\":\"celsius\"}},\"thoughtSignature\":\"SIG\"},{\"functionCall\":{\"name\":\"get_weather\","
                + "\"args\":{\"city\":\"Tokyo\"}}}]},\"finishReason\":\"STOP\",\"index\":0}],\"modelVersion\":\"gemini-2.5-flash\"}");
        JsonNode message = out.at("/choices/0/message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.at("/tool_calls/0/id").asText()).isEqualTo("call_7f3a1c9e0b2d4e6f");
        assertThat(message.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
        assertThat(message.at("/tool_calls/0/extra_content/google/thought_signature").asText()).isEqualTo("SIG");
        assertThat(message.at("/tool_calls/1").has("extra_content")).isFalse();
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(out.get("id").asText()).isEqualTo("chatcmpl-minted"); // no responseId: minted
        assertThat(out.has("usage")).isFalse();
    }

    /** PITFALLS 11 (second bullet). */
    @Test
    void aCandidateWithoutContentStillHasItsChoice() {
        JsonNode out = translate("{\"candidates\":[{\"finishReason\":\"MAX_TOKENS\",\"index\":0}],\"usageMetadata\":"
                + "{\"promptTokenCount\":4,\"candidatesTokenCount\":0,\"totalTokenCount\":2046,\"thoughtsTokenCount\":2042},\"responseId\":\"x\"}");
        assertThat(out.get("choices")).hasSize(1);
        assertThat(out.at("/choices/0/message/content").isNull()).isTrue();
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void aBlockedPromptIsContentFilterAndSeveralCandidatesAreSeveralChoices() {
        JsonNode blocked = translate("{\"promptFeedback\":{\"blockReason\":\"PROHIBITED_CONTENT\"},\"responseId\":\"b\"}");
        assertThat(blocked.at("/choices/0/finish_reason").asText()).isEqualTo("content_filter");
        JsonNode two = translate("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"A\"}]},\"finishReason\":\"STOP\",\"index\":0},"
                + "{\"content\":{\"parts\":[{\"text\":\"B\"}]},\"finishReason\":\"STOP\",\"index\":1}],\"responseId\":\"n\"}");
        assertThat(two.get("choices")).extracting(c -> c.at("/message/content").asText()).containsExactly("A", "B");
        assertThat(two.get("model").asText()).isEqualTo("gemini-2.5-flash");
    }

    /** Found by fuzzing: an unpaired surrogate escape (legal JSON) made writing the answer throw. */
    @Test
    void anUnpairedSurrogateEscapeIsWrittenBackAsAnEscape() {
        byte[] answer = translator.translate(Fixtures.utf8("{\"candidates\":[{\"content\":{\"role\":\"model\","
                + "\"parts\":[{\"text\":\"Hi\"}]},\"finishReason\":\"STOP\"}],\"modelVersion\":\"\\uD800\"}"), "gemini-2.5-flash");
        assertThat(new String(answer, java.nio.charset.StandardCharsets.UTF_8)).contains("\"model\":\"\\ud800\"");
        assertThat(Fixtures.json(answer).get("model").asText()).isEqualTo("\ud800");
    }
}

package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.model.AiType;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.gatehouse.gateway.FixtureReplayTest.JSON;
import static io.gatehouse.gateway.FixtureReplayTest.fixture;
import static io.gatehouse.gateway.FixtureReplayTest.withModel;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Responses API's translations against the wire fixtures, both directions: a Responses request becomes the
 * OpenAI chat fixture request (and from there the Anthropic and Gemini ones), and each provider's fixture answer and
 * stream becomes the expected Responses answer and event stream. Fixed clock and ids (the gateway runs on its own).
 */
class ResponsesFixtureTest {
    static StandaloneGateway gateway;
    static FakeOpenAi openai;
    static FakeAnthropic anthropic;
    static FakeGemini gemini;

    @BeforeAll
    static void start() throws Exception {
        openai = new FakeOpenAi(null);
        anthropic = new FakeAnthropic(null);
        gemini = new FakeGemini(null);
        gateway = StandaloneGateway.start(List.of(
                StandaloneGateway.upstream("oa", AiType.OPENAI, openai.endpoint(), "gpt-5-mini"),
                StandaloneGateway.upstream("claude", AiType.ANTHROPIC, anthropic.endpoint(), "claude-sonnet-4-5"),
                StandaloneGateway.upstream("gem", AiType.GOOGLE, gemini.endpoint(), "gemini-2.5-flash")));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        openai.close();
        anthropic.close();
        gemini.close();
    }

    @BeforeEach
    void reset() {
        gateway.ids.clear();
        for (FakeProvider f : List.of(openai, anthropic, gemini)) {
            f.reset();
        }
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aResponsesRequestBecomesTheChatFixtureRequestForEveryProvider() throws Exception {
        gateway.post("/v1/responses", fixture("responses/01-tools-stream.request.json"));
        assertThat(FakeProvider.json(openai.requests().getLast()))
                .isEqualTo(json(fixture("openai/02-tools-stream.request.json")));
        gateway.post("/v1/responses", withModel("responses/01-tools-stream.request.json", "gemini-2.5-flash"));
        assertThat(FakeProvider.json(gemini.requests().getLast()))
                .isEqualTo(json(fixture("gemini/02-tools-stream.request.json")));
    }

    @Test
    void functionCallOutputsBecomeTheChatToolResultFollowUp() throws Exception {
        String followUp = "responses/02-function-call-output-followup.request.json";
        gateway.post("/v1/responses", fixture(followUp));
        assertThat(FakeProvider.json(openai.requests().getLast()))
                .isEqualTo(json(fixture("openai/03-tool-result-followup.request.json")));
        gateway.post("/v1/responses", withModel(followUp, "claude-sonnet-4-5"));
        assertThat(FakeProvider.json(anthropic.requests().getLast()))
                .isEqualTo(json(fixture("cross/openai-03-to-anthropic.request.json")));
        gateway.post("/v1/responses", withModel(followUp, "gemini-2.5-flash"));
        assertThat(FakeProvider.json(gemini.requests().getLast()))
                .isEqualTo(json(fixture("cross/openai-03-to-gemini.request.json")));
    }

    @Test
    void everyProvidersToolStreamBecomesTheExpectedResponsesEvents() throws Exception {
        openai.failNext(FakeProvider.Answer.sse(fixture("openai/02-tools-stream.sse"), Duration.ZERO));
        gateway.ids.addAll(List.of("resp_01", "msg_01", "fc_01", "fc_02"));
        assertStream(gateway.post("/v1/responses", fixture("responses/01-tools-stream.request.json")),
                "cross/openai-02-to-responses.sse");
        anthropic.failNext(FakeProvider.Answer.sse(fixture("anthropic/02-tools-stream.sse"), Duration.ZERO));
        gateway.ids.addAll(List.of("resp_01", "msg_01", "fc_01", "fc_02"));
        assertStream(gateway.post("/v1/responses", withModel("responses/01-tools-stream.request.json", "claude-sonnet-4-5")),
                "cross/anthropic-02-to-responses.sse");
        gemini.failNext(FakeProvider.Answer.sse(fixture("gemini/02-tools-stream.sse"), Duration.ZERO));
        gateway.ids.addAll(List.of("resp_01", "msg_01", "call_7f3a1c9e0b2d4e6f", "fc_01", "call_2c8e5a7b1d9f3e0a", "fc_02"));
        assertStream(gateway.post("/v1/responses", withModel("responses/01-tools-stream.request.json", "gemini-2.5-flash")),
                "cross/gemini-02-to-responses.sse");
    }

    @Test
    void wholeAnswersBecomeTheExpectedResponses() throws Exception {
        openai.failNext(FakeProvider.Answer.json(200, fixture("openai/01-chat-basic.response.json")));
        gateway.ids.addAll(List.of("resp_01", "msg_01"));
        HttpResponse<String> text = gateway.post("/v1/responses", "{\"model\":\"gpt-5-mini\",\"input\":\"Describe it.\"}");
        assertThat(json(text.body())).isEqualTo(json(fixture("cross/openai-01-to-responses.response.json")));
        anthropic.failNext(FakeProvider.Answer.json(200, fixture("anthropic/06-tool-use.response.json")));
        gateway.ids.addAll(List.of("resp_01", "fc_01", "fc_02"));
        HttpResponse<String> tools = gateway.post("/v1/responses",
                withModel("responses/02-function-call-output-followup.request.json", "claude-sonnet-4-5"));
        assertThat(json(tools.body())).isEqualTo(json(fixture("cross/anthropic-06-to-responses.response.json")));
    }

    private static void assertStream(HttpResponse<String> response, String expected) throws Exception {
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(response.body()).isEqualTo(fixture(expected));
    }
}

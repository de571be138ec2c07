package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.model.AiType;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared wire fixtures replayed through the gateway over HTTP: each provider fixture served by a fake upstream,
 * the client's output compared with the {@code cross/} expectations, and the upstream bodies with the provider-side
 * fixtures; Responses API requests become the chat fixture requests, and provider answers the {@code cross/…-to-responses}
 * expectations. The gateway runs on its own (no store): a hand-built snapshot, a fixed clock and fixed ids.
 */
class FixtureReplayTest {
    static final ObjectMapper JSON = new ObjectMapper();
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

    static String fixture(String name) throws Exception {
        try (InputStream in = FixtureReplayTest.class.getResourceAsStream("/wire/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String withModel(String fixture, String model) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(fixture(fixture));
        return JSON.writeValueAsString(body.put("model", model));
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return gateway.post(path, body);
    }

    @Test
    void anthropicToolStreamBecomesTheExpectedOpenAiStream() throws Exception {
        anthropic.failNext(FakeProvider.Answer.sse(fixture("anthropic/02-tools-stream.sse"), Duration.ZERO));
        HttpResponse<String> r = post("/v1/chat/completions", withModel("openai/02-tools-stream.request.json", "claude-sonnet-4-5"));
        assertThat(r.body()).isEqualTo(fixture("cross/anthropic-02-to-openai.sse"));
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    }

    @Test
    void geminiToolStreamBecomesTheExpectedOpenAiStreamWholeOrByteByByte() throws Exception {
        String sse = fixture("gemini/02-tools-stream.sse");
        List<String> bytes = new ArrayList<>();
        for (char c : sse.replace("\n", "\r\n").toCharArray()) {
            bytes.add(String.valueOf(c));
        }
        for (FakeProvider.Answer answer : List.of(FakeProvider.Answer.sse(sse, Duration.ZERO),
                FakeProvider.Answer.chunked(200, "text/event-stream", bytes, Duration.ZERO))) {
            gateway.ids.addAll(List.of("call_7f3a1c9e0b2d4e6f", "call_2c8e5a7b1d9f3e0a"));
            gemini.failNext(answer);
            HttpResponse<String> r = post("/v1/chat/completions", withModel("openai/02-tools-stream.request.json", "gemini-2.5-flash"));
            assertThat(r.body()).isEqualTo(fixture("cross/gemini-02-to-openai.sse"));
        }
        // PITFALLS 20: the upstream body is the Gemini fixture request (schema sanitised, tool config carried).
        assertThat(FakeProvider.json(gemini.requests().getLast())).isEqualTo(JSON.readTree(fixture("gemini/02-tools-stream.request.json")));
        assertThat(gemini.requests().getLast().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    }

    @Test
    void anthropicToolOnlyAnswerBecomesTheExpectedCompletion() throws Exception {
        anthropic.failNext(FakeProvider.Answer.json(200, fixture("anthropic/06-tool-use.response.json")));
        HttpResponse<String> r = post("/v1/chat/completions", withModel("openai/03-tool-result-followup.request.json", "claude-sonnet-4-5"));
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(fixture("cross/anthropic-06-to-openai.response.json")));
    }

    @Test
    void toolResultFollowUpsAreTranslatedForAnthropicAndGemini() throws Exception {
        post("/v1/chat/completions", withModel("openai/03-tool-result-followup.request.json", "claude-sonnet-4-5"));
        assertThat(FakeProvider.json(anthropic.requests().getLast()))
                .isEqualTo(JSON.readTree(fixture("cross/openai-03-to-anthropic.request.json")));
        post("/v1/chat/completions", withModel("openai/03-tool-result-followup.request.json", "gemini-2.5-flash"));
        assertThat(FakeProvider.json(gemini.requests().getLast()))
                .isEqualTo(JSON.readTree(fixture("cross/openai-03-to-gemini.request.json")));
    }

    @Test
    void openAiStreamServedToAnAnthropicClient() throws Exception {
        openai.failNext(FakeProvider.Answer.sse(fixture("openai/02-tools-stream.sse"), Duration.ZERO));
        HttpResponse<String> r = post("/anthropic/v1/messages", withModel("anthropic/02-tools-stream.request.json", "gpt-5-mini"));
        assertThat(r.body()).isEqualTo(fixture("cross/openai-02-to-anthropic.sse"));
        // PITFALLS 34: the tools arrive upstream as the OpenAI fixture has them.
        JsonNode sent = FakeProvider.json(openai.requests().getLast());
        assertThat(sent.path("tools")).isEqualTo(JSON.readTree(fixture("openai/02-tools-stream.request.json")).path("tools"));
        assertThat(sent.path("tool_choice").asText()).isEqualTo("auto");
    }

    @Test
    void anthropicFollowUpWithThinkingPassesThroughUnchanged() throws Exception {
        String body = fixture("anthropic/03-tool-result-followup.request.json");
        anthropic.failNext(FakeProvider.Answer.json(200, fixture("anthropic/03-tool-result-followup.response.json")));
        HttpResponse<String> r = post("/anthropic/v1/messages", body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(anthropic.requests().getLast().bodyText()).isEqualTo(body);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(fixture("anthropic/03-tool-result-followup.response.json")));
    }

    @Test
    void midStreamErrorOnTheAnthropicIngressIsRelayed() throws Exception {
        String sse = fixture("anthropic/05-midstream-error.sse");
        anthropic.failNext(FakeProvider.Answer.sse(sse, Duration.ZERO));
        HttpResponse<String> r = post("/anthropic/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(r.body()).contains("event: error").endsWith(sse.substring(sse.lastIndexOf("event: error")));
    }

    // The Responses API: its requests become the chat fixture requests (and from there Anthropic's and Gemini's),
    // each provider's answer and stream the recorded Responses object and events.

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void aResponsesRequestBecomesTheChatFixtureRequestForEveryProvider() throws Exception {
        post("/v1/responses", fixture("responses/01-tools-stream.request.json"));
        assertThat(FakeProvider.json(openai.requests().getLast()))
                .isEqualTo(json(fixture("openai/02-tools-stream.request.json")));
        post("/v1/responses", withModel("responses/01-tools-stream.request.json", "gemini-2.5-flash"));
        assertThat(FakeProvider.json(gemini.requests().getLast()))
                .isEqualTo(json(fixture("gemini/02-tools-stream.request.json")));
    }

    @Test
    void functionCallOutputsBecomeTheChatToolResultFollowUp() throws Exception {
        String followUp = "responses/02-function-call-output-followup.request.json";
        post("/v1/responses", fixture(followUp));
        assertThat(FakeProvider.json(openai.requests().getLast()))
                .isEqualTo(json(fixture("openai/03-tool-result-followup.request.json")));
        post("/v1/responses", withModel(followUp, "claude-sonnet-4-5"));
        assertThat(FakeProvider.json(anthropic.requests().getLast()))
                .isEqualTo(json(fixture("cross/openai-03-to-anthropic.request.json")));
        post("/v1/responses", withModel(followUp, "gemini-2.5-flash"));
        assertThat(FakeProvider.json(gemini.requests().getLast()))
                .isEqualTo(json(fixture("cross/openai-03-to-gemini.request.json")));
    }

    @Test
    void everyProvidersToolStreamBecomesTheExpectedResponsesEvents() throws Exception {
        openai.failNext(FakeProvider.Answer.sse(fixture("openai/02-tools-stream.sse"), Duration.ZERO));
        gateway.ids.addAll(List.of("resp_01", "msg_01", "fc_01", "fc_02"));
        assertStream(post("/v1/responses", fixture("responses/01-tools-stream.request.json")),
                "cross/openai-02-to-responses.sse");
        anthropic.failNext(FakeProvider.Answer.sse(fixture("anthropic/02-tools-stream.sse"), Duration.ZERO));
        gateway.ids.addAll(List.of("resp_01", "msg_01", "fc_01", "fc_02"));
        assertStream(post("/v1/responses", withModel("responses/01-tools-stream.request.json", "claude-sonnet-4-5")),
                "cross/anthropic-02-to-responses.sse");
        gemini.failNext(FakeProvider.Answer.sse(fixture("gemini/02-tools-stream.sse"), Duration.ZERO));
        gateway.ids.addAll(List.of("resp_01", "msg_01", "call_7f3a1c9e0b2d4e6f", "fc_01", "call_2c8e5a7b1d9f3e0a", "fc_02"));
        assertStream(post("/v1/responses", withModel("responses/01-tools-stream.request.json", "gemini-2.5-flash")),
                "cross/gemini-02-to-responses.sse");
    }

    @Test
    void wholeAnswersBecomeTheExpectedResponses() throws Exception {
        openai.failNext(FakeProvider.Answer.json(200, fixture("openai/01-chat-basic.response.json")));
        gateway.ids.addAll(List.of("resp_01", "msg_01"));
        HttpResponse<String> text = post("/v1/responses", "{\"model\":\"gpt-5-mini\",\"input\":\"Describe it.\"}");
        assertThat(json(text.body())).isEqualTo(json(fixture("cross/openai-01-to-responses.response.json")));
        anthropic.failNext(FakeProvider.Answer.json(200, fixture("anthropic/06-tool-use.response.json")));
        gateway.ids.addAll(List.of("resp_01", "fc_01", "fc_02"));
        HttpResponse<String> tools = post("/v1/responses",
                withModel("responses/02-function-call-output-followup.request.json", "claude-sonnet-4-5"));
        assertThat(json(tools.body())).isEqualTo(json(fixture("cross/anthropic-06-to-responses.response.json")));
    }

    private static void assertStream(HttpResponse<String> response, String expected) throws Exception {
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(response.body()).isEqualTo(fixture(expected));
    }
}

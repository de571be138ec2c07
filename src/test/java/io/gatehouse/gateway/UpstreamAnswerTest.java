package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.model.AiType;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import io.gatehouse.usage.UsageRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider that answers HTTP 200 with something that is not an answer — an empty body, {@code {}}, an error
 * object, an empty or unreadable stream — is an upstream error: 502 in the client's shape, recorded with outcome
 * {@code upstream_error} and counted in {@code gatehouse_upstream_errors_total}, never a 200 with
 * {@code content: null} recorded as a success.
 */
class UpstreamAnswerTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHAT = "{\"model\":\"%s\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static final String MESSAGES = "{\"model\":\"%s\",\"max_tokens\":10,\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
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
        gateway.usage.clear();
        for (FakeProvider f : List.of(openai, anthropic, gemini)) {
            f.reset();
        }
    }

    static FakeProvider.Answer body(String text) {
        return new FakeProvider.Answer(200, Map.of("Content-Type", "application/json"), List.of(text.getBytes()), Duration.ZERO);
    }

    static FakeProvider.Answer stream(String text) {
        return new FakeProvider.Answer(200, Map.of("Content-Type", "text/event-stream"), List.of(text.getBytes()), Duration.ZERO);
    }

    /** The request's answer is a 502 upstream error, recorded as one; metered per {@code provider}. */
    static JsonNode upstreamError(HttpResponse<String> r, String provider) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.usage.isEmpty());
        UsageRecord record = gateway.usage.getLast();
        assertThat(record.outcome()).isEqualTo("upstream_error");
        assertThat(record.status()).isEqualTo(502);
        assertThat(record.llmType()).isEqualTo(switch (provider) {
            case "anthropic" -> "ANTHROPIC";
            case "google" -> "GOOGLE";
            default -> "OPENAI";
        });
        gateway.usage.clear();
        return JSON.readTree(r.body());
    }

    @Test
    void anEmptyOrForeignAnswerFromAnthropicIsA502() throws Exception {
        for (String answer : List.of("", "{}", "null", "[]", "{\"id\":\"msg_1\",\"type\":\"message\"}",
                "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"oops\"}}")) {
            double before = gateway.count("gatehouse_upstream_errors", "provider", "anthropic");
            anthropic.failNext(body(answer));
            JsonNode error = upstreamError(gateway.post("/v1/chat/completions", CHAT.formatted("claude-sonnet-4-5", false)),
                    "anthropic");
            assertThat(error.path("error").path("type").asText()).as(answer).isEqualTo("server_error");
            assertThat(gateway.count("gatehouse_upstream_errors", "provider", "anthropic")).as(answer).isEqualTo(before + 1);
        }
        // An Anthropic client's answer passes through, and is checked the same way.
        anthropic.failNext(body("{}"));
        JsonNode error = upstreamError(gateway.post("/anthropic/v1/messages", MESSAGES.formatted("claude-sonnet-4-5", false)),
                "anthropic");
        assertThat(error.path("type").asText()).isEqualTo("error");
        assertThat(error.path("error").path("type").asText()).isEqualTo("api_error");
    }

    @Test
    void anEmptyOrForeignAnswerFromGeminiIsA502() throws Exception {
        for (String answer : List.of("", "{}", "{\"candidates\":[]}", "{\"candidates\":[{}]}",
                "{\"error\":{\"code\":500,\"message\":\"oops\",\"status\":\"INTERNAL\"}}")) {
            double before = gateway.count("gatehouse_upstream_errors", "provider", "google");
            gemini.failNext(body(answer));
            upstreamError(gateway.post("/v1/chat/completions", CHAT.formatted("gemini-2.5-flash", false)), "google");
            assertThat(gateway.count("gatehouse_upstream_errors", "provider", "google")).as(answer).isEqualTo(before + 1);
        }
        gemini.failNext(body("{}"));
        JsonNode error = upstreamError(gateway.post("/anthropic/v1/messages", MESSAGES.formatted("gemini-2.5-flash", false)),
                "google");
        assertThat(error.path("type").asText()).isEqualTo("error");
    }

    @Test
    void aBlockedPromptAndAFinishedEmptyCandidateAreStillAnswers() throws Exception {
        gemini.failNext(body("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}"));
        HttpResponse<String> blocked = gateway.post("/v1/chat/completions", CHAT.formatted("gemini-2.5-flash", false));
        assertThat(blocked.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(blocked.body()).path("choices").path(0).path("finish_reason").asText()).isEqualTo("content_filter");
        gemini.failNext(body("{\"candidates\":[{\"finishReason\":\"MAX_TOKENS\"}]}"));
        assertThat(gateway.post("/v1/chat/completions", CHAT.formatted("gemini-2.5-flash", false)).statusCode()).isEqualTo(200);
        anthropic.failNext(body("{\"id\":\"msg_1\",\"type\":\"message\",\"content\":[],\"stop_reason\":\"end_turn\"}"));
        assertThat(gateway.post("/v1/chat/completions", CHAT.formatted("claude-sonnet-4-5", false)).statusCode()).isEqualTo(200);
    }

    @Test
    void anAnswerWithoutChoicesFromAnOpenAiUpstreamIsA502ForAnAnthropicClient() throws Exception {
        openai.failNext(body("{}"));
        JsonNode error = upstreamError(gateway.post("/anthropic/v1/messages", MESSAGES.formatted("gpt-5-mini", false)),
                "openai");
        assertThat(error.path("type").asText()).isEqualTo("error");
    }

    @Test
    void anEmptyOrUnreadableStreamIsA502InTheClientsShape() throws Exception {
        for (String model : List.of("claude-sonnet-4-5", "gemini-2.5-flash")) {
            String provider = model.startsWith("claude") ? "anthropic" : "google";
            for (String answer : List.of("", "hello, this is not a stream\n", "data: not json\n\n", "data: {}\n\n")) {
                FakeProvider upstream = model.startsWith("claude") ? anthropic : gemini;
                upstream.failNext(stream(answer));
                JsonNode openAi = upstreamError(gateway.post("/v1/chat/completions", CHAT.formatted(model, true)), provider);
                assertThat(openAi.path("error").path("message").asText()).as(model + " " + answer).isNotEmpty();
                upstream.failNext(stream(answer));
                JsonNode anthropicShape = upstreamError(gateway.post("/anthropic/v1/messages", MESSAGES.formatted(model, true)),
                        provider);
                assertThat(anthropicShape.path("type").asText()).as(model + " " + answer).isEqualTo("error");
            }
        }
    }

    @Test
    void aStreamCutAfterItsFirstEventStillEndsWithAnErrorFrame() throws Exception {
        anthropic.failNext(stream("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
                + "\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}\n\n"));
        HttpResponse<String> r = gateway.post("/v1/chat/completions", CHAT.formatted("claude-sonnet-4-5", true));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"role\":\"assistant\"").contains("data: {\"error\":").doesNotContain("[DONE]");
        await().atMost(Duration.ofSeconds(5)).until(() -> !gateway.usage.isEmpty());
        assertThat(gateway.usage.getLast().outcome()).isEqualTo("upstream_error");
    }
}

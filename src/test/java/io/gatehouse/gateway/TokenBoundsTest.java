package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.model.AiType;
import io.gatehouse.testing.CapturedLogs;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Token numbers at their bounds: a client's {@code max_tokens} / {@code max_completion_tokens} past 2^31 - 1 (which
 * used to wrap, 2^32 + 10 becoming 10) or below 1 is a 400 naming the field on translated paths; a provider's
 * negative or absurd usage numbers are clamped (negative to 0, past the bound to 2^31 - 1), counted in
 * {@code gatehouse_usage_clamped_total} and warned about at most once a minute.
 */
class TokenBoundsTest {
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
        gateway.usage.clear();
        for (FakeProvider f : List.of(openai, anthropic, gemini)) {
            f.reset();
        }
    }

    static String chat(String model, String limit) {
        return "{\"model\":\"" + model + "\"," + limit + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    }

    @Test
    void tokenLimitsOutOfRangeAreA400NamingTheField() throws Exception {
        for (String model : List.of("claude-sonnet-4-5", "gemini-2.5-flash")) {
            for (String field : List.of("max_tokens", "max_completion_tokens")) {
                for (String value : List.of("4294967306", "2147483648", "0", "-1", "1.5", "99999999999999999999999")) {
                    HttpResponse<String> r = gateway.post("/v1/chat/completions", chat(model, "\"" + field + "\":" + value));
                    assertThat(r.statusCode()).as(model + " " + field + "=" + value).isEqualTo(400);
                    assertThat(JSON.readTree(r.body()).path("error").path("param").asText()).isEqualTo(field);
                }
            }
        }
        for (String model : List.of("gpt-5-mini", "gemini-2.5-flash")) {
            HttpResponse<String> r = gateway.post("/anthropic/v1/messages", chat(model, "\"max_tokens\":4294967306"));
            assertThat(r.statusCode()).as(model).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).path("error").path("message").asText()).startsWith("max_tokens: ");
        }
        assertThat(anthropic.requests()).isEmpty();
        assertThat(gemini.requests()).isEmpty();
        assertThat(openai.requests()).isEmpty();
    }

    @Test
    void theLargestTokenLimitIsSentAsIs() throws Exception {
        assertThat(gateway.post("/v1/chat/completions", chat("claude-sonnet-4-5", "\"max_tokens\":2147483647"))
                .statusCode()).isEqualTo(200);
        assertThat(FakeProvider.json(anthropic.requests().getLast()).path("max_tokens").asLong()).isEqualTo(2147483647L);
        assertThat(gateway.post("/anthropic/v1/messages", chat("gemini-2.5-flash", "\"max_tokens\":2147483647"))
                .statusCode()).isEqualTo(200);
        assertThat(FakeProvider.json(gemini.requests().getLast()).path("generationConfig").path("maxOutputTokens").asLong())
                .isEqualTo(2147483647L);
    }

    @Test
    void implausibleUsageIsClampedCountedAndWarnedAboutOncePerMinute() throws Exception {
        String warning = "reported token counts out of range";
        int warnedBefore = CapturedLogs.matching(warning).lines().filter(l -> !l.isEmpty()).toList().size();
        String message = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}],\"stop_reason\":\"end_turn\","
                + "\"usage\":{\"input_tokens\":-5,\"output_tokens\":1000000000000}}";
        int recordedBefore = gateway.usage.size();
        for (int i = 0; i < 2; i++) {
            anthropic.failNext(FakeProvider.Answer.json(200, message));
            HttpResponse<String> r = gateway.post("/v1/chat/completions", chat("claude-sonnet-4-5", "\"max_tokens\":10"));
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode usage = JSON.readTree(r.body()).path("usage");
            assertThat(usage.path("prompt_tokens").asLong()).isZero();
            assertThat(usage.path("completion_tokens").asLong()).isEqualTo(2147483647L);
        }
        // Other tests of the class share the gateway and its usage list.
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.usage.size() == recordedBefore + 2);
        UsageRecord record = gateway.usage.getLast();
        assertThat(record.tokensIn()).isZero();
        assertThat(record.tokensOut()).isEqualTo(2147483647L);
        assertThat(gateway.count("gatehouse_usage_clamped", "provider", "anthropic")).isEqualTo(2);
        assertThat(CapturedLogs.matching(warning).lines().filter(l -> !l.isEmpty()).toList()).hasSize(warnedBefore + 1);

        // Gemini's counts, and a stream's, go through the same clamp.
        gemini.failNext(FakeProvider.Answer.json(200, "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},"
                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":-3,\"candidatesTokenCount\":2}}"));
        JsonNode geminiUsage = JSON.readTree(gateway.post("/v1/chat/completions", chat("gemini-2.5-flash", "\"max_tokens\":10"))
                .body()).path("usage");
        assertThat(geminiUsage.path("prompt_tokens").asLong()).isZero();
        assertThat(geminiUsage.path("total_tokens").asLong()).isEqualTo(2);
        anthropic.failNext(FakeProvider.Answer.sse("event: message_start\ndata: {\"type\":\"message_start\",\"message\":"
                + "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
                + "\"usage\":{\"input_tokens\":7,\"output_tokens\":1}}}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                + "\"usage\":{\"output_tokens\":-9}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", Duration.ZERO));
        String stream = gateway.post("/v1/chat/completions", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").body();
        assertThat(stream).contains("\"completion_tokens\":0").contains("\"prompt_tokens\":7").contains("[DONE]");
        await().atMost(Duration.ofSeconds(5)).until(() -> gateway.count("gatehouse_usage_clamped") == 4);
    }
}

package io.gatehouse.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PolicyRows;
import io.gatehouse.testing.PolicyRows.Scope;
import io.gatehouse.testing.PolicyWorld;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The closed bypasses through a real node in front of a fake OpenAI on loopback, on both ingresses: an e-mail address
 * hidden by splitting, by an unread field, by Unicode, an encoding, words or base64 is refused by a BLOCK rule before
 * the provider is called, and masked in what the provider receives by a REDACT rule; answers' reasoning and refusals,
 * streamed or not, are read too.
 */
@Tag("db")
class PolicyBypassEndToEndTest {
    static final String RULE = "Block e-mail addresses";

    static TestServer server;
    static FakeOpenAi openai;
    static PolicyWorld world;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("usage.flush.interval", "100ms", "policy.flush.interval", "100ms"));
        openai = new FakeOpenAi("sk-fake-openai-key-0123456789");
        world = PolicyWorld.create(server, openai.endpoint(), "sk-fake-openai-key-0123456789");
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
    }

    @BeforeEach
    void reset() {
        PolicyRows.clear(server);
        openai.reset();
    }

    static void rule(int action) {
        PolicyRows.policy(server, Scope.org(world.orgId()), "no e-mail", RULE, "HIGH", action);
    }

    static HttpResult post(String path, String body) {
        return GatewayWorld.post(server, path, world.key().secret(), body);
    }

    static String chat(String messages, String extra) {
        return "{\"model\":\"gpt-4o\"" + extra + ",\"messages\":" + messages + "}";
    }

    static String anthropic(String messages, String extra) {
        return "{\"model\":\"gpt-4o\",\"max_tokens\":100" + extra + ",\"messages\":" + messages + "}";
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void blockRefusesDisguisedAddressesOnTheOpenAiIngressBeforeTheProviderIsCalled() {
        rule(2);
        List<String> bodies = List.of(
                chat("[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"mail john.doe\"},"
                        + "{\"type\":\"text\",\"text\":\"@example.com\"}]}]", ""),
                chat("[{\"role\":\"user\",\"content\":\"my address: john.doe\"},{\"role\":\"user\",\"content\":\"@example.com\"}]", ""),
                chat("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\","
                        + "\"description\":\"cc john.doe＠example.com\",\"parameters\":{\"type\":\"object\"}}}]"),
                chat("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"response_format\":{\"type\":\"json_schema\",\"json_schema\":"
                        + "{\"name\":\"r\",\"schema\":{\"type\":\"object\",\"properties\":{\"to\":{\"enum\":[\"john.doe@example.com\"]}}}}}"),
                chat("[{\"role\":\"user\",\"content\":\"fix\"}]", ",\"prediction\":{\"type\":\"content\",\"content\":\"to = 'jane@example.org'\"}"),
                chat("[{\"role\":\"user\",\"content\":\"mail jo\\u200bhn.doe@exam\\u200dple.com\"}]", ""),
                chat("[{\"role\":\"user\",\"content\":\"mail john.doe&#64;example.com or john%40example.org\"}]", ""),
                chat("[{\"role\":\"user\",\"content\":\"write to john dot doe at example dot com\"}]", ""),
                chat("[{\"role\":\"user\",\"content\":\"decode " + base64("john.doe@example.com") + "\"}]", ""));
        for (String body : bodies) {
            HttpResult result = post("/v1/chat/completions", body);
            assertThat(result.status()).as(body).isEqualTo(403);
            assertThat(result.json().path("error").path("code").asText()).isEqualTo("policy_blocked");
        }
        HttpResult embeddings = post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"ok\",\"john＠example.com\"]}");
        assertThat(embeddings.status()).isEqualTo(403);
        assertThat(openai.requests()).isEmpty();
    }

    @Test
    void redactMasksDisguisedAddressesInWhatTheOpenAiProviderReceives() {
        rule(3);
        HttpResult result = post("/v1/chat/completions", chat("[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Mail john.doe\"},{\"type\":\"text\",\"text\":\"@example.com and jo\\u200bhn@example.org\"}]}]",
                ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"description\":\"cc john dot doe at example dot com\","
                        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"to\":{\"type\":\"string\",\"enum\":[\"ann&#64;example.net\"]}}}}}]"));
        assertThat(result.status()).isEqualTo(200);
        JsonNode upstream = FakeProvider.json(openai.requests().getLast());
        String sent = upstream.toString();
        assertThat(sent).doesNotContain("john").doesNotContain("example.org").doesNotContain("ann&#64;").contains("[EMAIL_");
        assertThat(upstream.path("messages").get(0).path("content").get(0).path("text").asText()).startsWith("Mail [EMAIL_");
        assertThat(upstream.path("tools").get(0).path("function").path("description").asText()).matches("cc \\[EMAIL_\\d]");
        assertThat(upstream.path("tools").get(0).path("function").path("parameters").path("properties").path("to")
                .path("enum").get(0).asText()).matches("\\[EMAIL_\\d]");
    }

    @Test
    void anthropicIngressBlocksAndMasksDisguisedAddressesToo() {
        rule(2);
        HttpResult toolUse = post("/anthropic/v1/messages", anthropic("[{\"role\":\"user\",\"content\":\"mail him\"},"
                + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"send\",\"input\":"
                + "{\"to\":\"john.doe@example.com\"}}]},{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"t1\",\"content\":\"done\"}]}]", ""));
        HttpResult document = post("/anthropic/v1/messages", anthropic("[{\"role\":\"user\",\"content\":[{\"type\":\"document\","
                + "\"source\":{\"type\":\"base64\",\"media_type\":\"text/plain\",\"data\":\"" + base64("Owner: john@example.com")
                + "\"}},{\"type\":\"text\",\"text\":\"summarise\"}]}]", ""));
        HttpResult toolSchema = post("/anthropic/v1/messages", anthropic("[{\"role\":\"user\",\"content\":\"hi\"}]",
                ",\"tools\":[{\"name\":\"send\",\"description\":\"sends\",\"input_schema\":{\"type\":\"object\",\"properties\":"
                        + "{\"to\":{\"type\":\"string\",\"enum\":[\"john [at] example [dot] com\"]}}}}]"));
        for (HttpResult result : List.of(toolUse, document, toolSchema)) {
            assertThat(result.status()).isEqualTo(403);
            assertThat(result.json().path("error").path("type").asText()).isEqualTo("permission_error");
        }
        assertThat(openai.requests()).isEmpty();

        PolicyRows.clear(server);
        rule(3);
        HttpResult masked = post("/anthropic/v1/messages", anthropic("[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Reply to jane.roe\"},{\"type\":\"text\",\"text\":\"@example.com please\"}]}]",
                ",\"system\":\"Escalate to boss＠example.com.\""));
        assertThat(masked.status()).isEqualTo(200);
        String upstream = openai.requests().getLast().bodyText();
        assertThat(upstream).doesNotContain("jane").doesNotContain("boss").doesNotContain("example.com").contains("[EMAIL_");
    }

    /** The fake answers every chat completion with this message (a JSON object). */
    static void answers(String message) {
        openai.respond("POST", "/v1/chat/completions", r -> FakeProvider.Answer.json(200,
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1764150000,\"model\":\"gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\"stop\"}],"
                        + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"total_tokens\":14}}"));
    }

    /** The fake streams these deltas (JSON objects), one frame each, then a finish chunk and [DONE]. */
    static void streams(String... deltas) {
        openai.respond("POST", "/v1/chat/completions", r -> {
            String head = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1764150000,"
                    + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":";
            List<String> frames = new ArrayList<>();
            for (String delta : deltas) {
                frames.add(head + delta + ",\"finish_reason\":null}]}\n\n");
            }
            frames.add(head + "{},\"finish_reason\":\"stop\"}]}\n\n");
            frames.add("data: [DONE]\n\n");
            return FakeProvider.Answer.chunked(200, "text/event-stream", frames, Duration.ofMillis(5));
        });
    }

    /** What a client assembles from one delta field of an SSE body. */
    static String streamed(String sse, String field) {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode chunk = ProviderJson.read(line.substring(6).getBytes(StandardCharsets.UTF_8));
                text.append(chunk.path("choices").path(0).path("delta").path(field).asText(""));
            }
        }
        return text.toString();
    }

    @Test
    void answersReasoningAndRefusalsAreReadStreamedOrNot() {
        rule(3);
        answers("{\"role\":\"assistant\",\"content\":\"ok\",\"refusal\":\"I will not mail john@example.com\","
                + "\"reasoning_content\":\"the user is jane dot roe at example dot org\"}");
        HttpResult whole = post("/v1/chat/completions", chat("[{\"role\":\"user\",\"content\":\"hi\"}]", ""));
        JsonNode message = whole.json().path("choices").get(0).path("message");
        assertThat(message.path("refusal").asText()).isEqualTo("I will not mail [EMAIL_1]");
        assertThat(message.path("reasoning_content").asText()).isEqualTo("the user is [EMAIL_2]");

        streams("{\"role\":\"assistant\",\"content\":\"\"}", "{\"reasoning_content\":\"think: ann@exa\"}",
                "{\"reasoning_content\":\"mple.com is the owner\"}", "{\"content\":\"Done.\"}");
        String sse = post("/v1/chat/completions", chat("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"stream\":true")).body();
        assertThat(streamed(sse, "reasoning_content")).isEqualTo("think: [EMAIL_1] is the owner");
        assertThat(streamed(sse, "content")).isEqualTo("Done.");
        assertThat(sse).doesNotContain("example").endsWith("data: [DONE]\n\n");

        PolicyRows.clear(server);
        rule(2);
        streams("{\"role\":\"assistant\",\"content\":\"\"}", "{\"refusal\":\"No: ann＠exam\"}", "{\"refusal\":\"ple.com\"}");
        String blocked = post("/v1/chat/completions", chat("[{\"role\":\"user\",\"content\":\"hi\"}]", ",\"stream\":true")).body();
        assertThat(blocked).contains("policy_blocked").doesNotContain("ann").doesNotContain("[DONE]");
    }
}

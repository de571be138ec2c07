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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policies and usage do not depend on the ingress: the same sensitive prompt through every client API the gateway
 * speaks gets the same verdict, the same violation record and the same token accounting, in the ingress's own error
 * shape, streams included. One row of {@link #INGRESSES} per ingress: adding one is adding a row.
 */
class IngressParityTest {
    /**
     * A client API: where it is, a request carrying {@code prompt} as the user's text, where its errors say why, and
     * the same as a stream (its path, its request, the text its frames carry).
     */
    record Ingress(String name, String path, Function<String, String> body, Function<JsonNode, String> errorMessage,
                   String streamPath, Function<String, String> streamBody, Function<JsonNode, String> frameText) {
        @Override
        public String toString() {
            return name;
        }

        /** The text of a streamed answer: every SSE data frame's, in order. */
        String streamedText(String sse) {
            StringBuilder text = new StringBuilder();
            for (String line : sse.split("\n")) {
                if (line.startsWith("data: {")) {
                    text.append(frameText.apply(ProviderJson.read(line.substring(6).getBytes(StandardCharsets.UTF_8))));
                }
            }
            return text.toString();
        }
    }

    static final List<Ingress> INGRESSES = List.of(
            new Ingress("OpenAI chat", "/v1/chat/completions",
                    prompt -> "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":" + quote(prompt) + "}]}",
                    error -> error.path("error").path("message").asText(),
                    "/v1/chat/completions",
                    prompt -> "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                            + quote(prompt) + "}]}",
                    frame -> frame.path("choices").path(0).path("delta").path("content").asText("")),
            new Ingress("Anthropic messages", "/anthropic/v1/messages",
                    prompt -> "{\"model\":\"gpt-4o\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":"
                            + quote(prompt) + "}]}",
                    error -> error.path("error").path("message").asText(),
                    "/anthropic/v1/messages",
                    prompt -> "{\"model\":\"gpt-4o\",\"max_tokens\":100,\"stream\":true,\"messages\":[{\"role\":"
                            + "\"user\",\"content\":" + quote(prompt) + "}]}",
                    frame -> frame.path("delta").path("text").asText("")),
            new Ingress("Gemini generateContent", "/v1beta/models/gpt-4o:generateContent",
                    prompt -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":" + quote(prompt) + "}]}]}",
                    error -> error.path("error").path("message").asText(),
                    "/v1beta/models/gpt-4o:streamGenerateContent?alt=sse",
                    prompt -> "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":" + quote(prompt) + "}]}]}",
                    frame -> frame.path("candidates").path(0).path("content").path("parts").path(0).path("text").asText("")),
            new Ingress("OpenAI Responses", "/v1/responses",
                    prompt -> "{\"model\":\"gpt-4o\",\"input\":" + quote(prompt) + "}",
                    error -> error.path("error").path("message").asText(),
                    "/v1/responses",
                    prompt -> "{\"model\":\"gpt-4o\",\"stream\":true,\"input\":" + quote(prompt) + "}",
                    frame -> frame.path("type").asText().equals("response.output_text.delta")
                            ? frame.path("delta").asText("") : ""));

    static final String CARD_RULE = "block credit card numbers";
    static final String EMAIL_RULE = "Never send customer e-mail addresses to the model";

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

    @ParameterizedTest(name = "{0}")
    @FieldSource("INGRESSES")
    void aBlockedPromptIsRefusedAndRecordedAlikeOnEveryIngress(Ingress ingress) {
        PolicyRows.policy(server, Scope.org(world.orgId()), "no cards", CARD_RULE, "HIGH", 2);
        var usage = nextUsage();
        String id = "req-" + UUID.randomUUID();
        HttpResult result = GatewayWorld.post(server, ingress.path(), world.key().secret(),
                ingress.body().apply("Book it on card 4111 1111 1111 1111 please"), "x-request-id", id);

        assertThat(result.status()).isEqualTo(403);
        assertThat(ingress.errorMessage().apply(result.json())).contains("no cards").doesNotContain("4111");
        assertThat(openai.requests()).isEmpty();
        assertThat(violation(id)).isEqualTo(Map.of("policy_name", "no cards", "direction", "INPUT",
                "evaluator", "detector", "severity", "HIGH", "block", true, "llm_type", "OPENAI", "llm_model", "gpt-4o",
                "repo_name", "app", "api_key_name", "app key"));
        assertThat(usage.get()).containsEntry("status", 403).containsEntry("outcome", "blocked").containsEntry("blocks", 1)
                .containsEntry("policy_violations", 1).containsEntry("severity_high", 1).containsEntry("tokens_in", 0L)
                .containsEntry("tokens_out", 0L).containsEntry("llm_type", "OPENAI");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("INGRESSES")
    void aLoggedPromptPassesAndIsRecordedAndMeteredAlikeOnEveryIngress(Ingress ingress) {
        PolicyRows.policy(server, Scope.org(world.orgId()), "watch emails", EMAIL_RULE, "MEDIUM", 0);
        var usage = nextUsage();
        String id = "req-" + UUID.randomUUID();
        HttpResult result = GatewayWorld.post(server, ingress.path(), world.key().secret(),
                ingress.body().apply("Write to jane.doe@example.com please"), "x-request-id", id);

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(openai.requests().getLast().bodyText()).contains("jane.doe@example.com");
        assertThat(violation(id)).isEqualTo(Map.of("policy_name", "watch emails", "direction", "INPUT",
                "evaluator", "detector", "severity", "MEDIUM", "block", false, "llm_type", "OPENAI", "llm_model", "gpt-4o",
                "repo_name", "app", "api_key_name", "app key"));
        assertThat(usage.get()).containsEntry("status", 200).containsEntry("outcome", "ok").containsEntry("blocks", 0)
                .containsEntry("policy_violations", 1).containsEntry("severity_medium", 1).containsEntry("tokens_in", 11L)
                .containsEntry("tokens_out", 7L).containsEntry("llm_type", "OPENAI").containsEntry("llm_model", "gpt-4o");
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("INGRESSES")
    void aRedactedPromptReachesTheProviderMaskedAlikeOnEveryIngress(Ingress ingress) {
        PolicyRows.policy(server, Scope.org(world.orgId()), "mask emails", EMAIL_RULE, "LOW", 3);
        var usage = nextUsage();
        HttpResult result = GatewayWorld.post(server, ingress.path(), world.key().secret(),
                ingress.body().apply("Write to jane.doe@example.com please"));

        assertThat(result.status()).isEqualTo(200);
        assertThat(openai.requests().getLast().bodyText()).doesNotContain("jane.doe").contains("Write to [EMAIL_1] please");
        assertThat(usage.get()).containsEntry("policy_violations", 1).containsEntry("severity_low", 1)
                .containsEntry("tokens_in", 11L).containsEntry("tokens_out", 7L);
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("INGRESSES")
    void aStreamedAnswerIsMaskedOrCutAlikeOnEveryIngress(Ingress ingress) {
        PolicyRows.policy(server, Scope.org(world.orgId()), "mask emails", EMAIL_RULE, "LOW", 3);
        openai.streamContent("Write to ann@exa", "mple.com today");
        HttpResult masked = GatewayWorld.post(server, ingress.streamPath(), world.key().secret(),
                ingress.streamBody().apply("who?"));
        assertThat(masked.status()).isEqualTo(200);
        assertThat(ingress.streamedText(masked.body())).isEqualTo("Write to [EMAIL_1] today");
        assertThat(masked.body()).doesNotContain("example");

        PolicyRows.policy(server, Scope.org(world.orgId()), "no cards", CARD_RULE, "HIGH", 2);
        openai.streamContent("Card 4111 1111 ", "1111 1111 now", " more");
        var usage = nextUsage();
        String id = "req-" + UUID.randomUUID();
        HttpResult cut = GatewayWorld.post(server, ingress.streamPath(), world.key().secret(),
                ingress.streamBody().apply("card?"), "x-request-id", id);
        assertThat(cut.body()).doesNotContain("4111").doesNotContain(" more").contains("no cards");
        assertThat(PolicyRows.violations(server, id, 1).getFirst()).containsEntry("direction", "OUTPUT")
                .containsEntry("block", true).containsEntry("policy_name", "no cards");
        assertThat(usage.get()).containsEntry("outcome", "blocked").containsEntry("blocks", 1)
                .containsEntry("tokens_in", 5L).containsEntry("tokens_out", 9L);
    }

    /** The fields of the request's one violation that do not depend on when or where it was recorded. */
    private static Map<String, Object> violation(String requestId) {
        Map<String, Object> row = PolicyRows.violations(server, requestId, 1).getFirst();
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String field : List.of("policy_name", "direction", "evaluator", "severity", "block", "llm_type",
                "llm_model", "repo_name", "api_key_name")) {
            kept.put(field, row.get(field));
        }
        return kept;
    }

    /** The usage row the next request of the key writes: call before the request, read after. */
    private static java.util.function.Supplier<Map<String, Object>> nextUsage() {
        int before = GatewayWorld.usage(server, world.key().id(), 0).size();
        return () -> GatewayWorld.usage(server, world.key().id(), before + 1).get(before);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}

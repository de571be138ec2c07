package io.gatehouse.policy;

import com.fasterxml.jackson.databind.JsonNode;
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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policies enforced on {@code /v1} by a real node in front of a fake OpenAI: each action (log, alert, block, redact),
 * each scope (organization, workspace, repository), both directions, streams, and what is recorded (violations,
 * alerts, the usage record's counters).
 */
@Tag("db")
class PolicyEnforcementTest {
    static final String EMAIL_RULE = "Never send customer e-mail addresses to the model";
    static final String CARD_RULE = "block credit card numbers";
    static final String CARD = "4111 1111 1111 1111";

    static TestServer server;
    static FakeOpenAi openai;
    static String orgId;
    static String cfg;
    static String ws;
    static String otherWs;
    static String repo;
    static String otherRepo;
    static String otherWsRepo;
    static GatewayWorld.Key key;
    static GatewayWorld.Key otherKey;
    static GatewayWorld.Key otherWsKey;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("usage.flush.interval", "100ms", "policy.flush.interval", "100ms"));
        openai = new FakeOpenAi("sk-fake-openai-key-0123456789");
        PolicyWorld world = PolicyWorld.create(server, openai.endpoint(), "sk-fake-openai-key-0123456789");
        orgId = world.orgId();
        ws = world.ws();
        otherWs = world.otherWs();
        cfg = world.cfg();
        repo = world.repo();
        otherRepo = world.otherRepo();
        otherWsRepo = world.otherWsRepo();
        key = world.key();
        otherKey = world.otherKey();
        otherWsKey = world.otherWsKey();
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

    static void orgPolicy(String name, String content, String risk, int action) {
        PolicyRows.policy(server, Scope.org(orgId), name, content, risk, action);
    }

    /** A chat request with one user message, sent with a fresh request id; returns (request id, result). */
    record Sent(String requestId, HttpResult result) {
    }

    static Sent chat(GatewayWorld.Key k, String message) {
        return send(k, "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"temperature\":0.70,\"x_vendor\":{\"keep\":[1,2.5]},"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":"
                + quote(message) + "}]}");
    }

    static Sent send(GatewayWorld.Key k, String path, String body) {
        String id = "req-" + UUID.randomUUID();
        return new Sent(id, GatewayWorld.post(server, path, k.secret(), body, "x-request-id", id));
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The usage row the next request of {@code k} writes: call before the request, read after. */
    static java.util.function.Supplier<Map<String, Object>> nextUsage(GatewayWorld.Key k) {
        int before = GatewayWorld.usage(server, k.id(), 0).size();
        return () -> GatewayWorld.usage(server, k.id(), before + 1).get(before);
    }

    @Test
    void logRecordsTheViolationAndLetsTheRequestThrough() {
        orgPolicy("no emails", EMAIL_RULE, "MEDIUM", 0);
        var usage = nextUsage(key);
        Sent sent = chat(key, "Write to jane.doe@example.com please");
        assertThat(sent.result().status()).isEqualTo(200);
        assertThat(openai.requests().getLast().bodyText()).contains("jane.doe@example.com");

        var violation = PolicyRows.violations(server, sent.requestId(), 1).getFirst();
        assertThat(violation).containsEntry("policy_name", "no emails").containsEntry("direction", "INPUT")
                .containsEntry("evaluator", "detector").containsEntry("severity", "MEDIUM").containsEntry("block", false)
                .containsEntry("repo_name", "app").containsEntry("api_key_name", "app key").containsEntry("org_id", orgId)
                .containsEntry("repo_id", repo).containsEntry("llm_type", "OPENAI").containsEntry("llm_model", "gpt-4o");
        assertThat(((Number) violation.get("action_type")).intValue()).isZero();
        assertThat((String) violation.get("explanation")).isEqualTo("Detected: e-mail address").doesNotContain("jane.doe");
        assertThat(usage.get()).containsEntry("policy_violations", 1).containsEntry("alerts", 0)
                .containsEntry("blocks", 0).containsEntry("severity_medium", 1).containsEntry("status", 200);
        assertThat(rows("policy_alert", sent)).isEmpty();
    }

    @Test
    void alertRecordsAnAlertToo() {
        orgPolicy("alert on emails", EMAIL_RULE, "HIGH", 1);
        var usage = nextUsage(key);
        Sent sent = chat(key, "Contact: jane.doe@example.com");
        assertThat(sent.result().status()).isEqualTo(200);
        assertThat(PolicyRows.violations(server, sent.requestId(), 1)).hasSize(1);
        var alert = PolicyRows.alerts(server, sent.requestId(), 1).getFirst();
        assertThat(alert).containsEntry("policy_name", "alert on emails").containsEntry("direction", "INPUT")
                .containsEntry("repo_name", "app");
        assertThat(usage.get()).containsEntry("policy_violations", 1).containsEntry("alerts", 1)
                .containsEntry("severity_high", 1);
    }

    @Test
    void blockAnswers403BeforeTheProviderIsCalled() {
        orgPolicy("no cards", CARD_RULE, "HIGH", 2);
        var usage = nextUsage(key);
        Sent sent = chat(key, "My card is " + CARD + ", book it");
        assertThat(sent.result().status()).isEqualTo(403);
        JsonNode error = sent.result().json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("policy_violation");
        assertThat(error.path("code").asText()).isEqualTo("policy_blocked");
        assertThat(error.path("message").asText()).contains("no cards").doesNotContain("4111");
        assertThat(error.has("param")).isTrue();
        assertThat(openai.requests()).isEmpty();

        assertThat(PolicyRows.violations(server, sent.requestId(), 1).getFirst()).containsEntry("block", true);
        assertThat(PolicyRows.alerts(server, sent.requestId(), 1)).hasSize(1);
        assertThat(usage.get()).containsEntry("status", 403).containsEntry("outcome", "blocked")
                .containsEntry("blocks", 1).containsEntry("policy_violations", 1).containsEntry("tokens_in", 0L);
    }

    @Test
    void redactMasksSpansInMessageTextOnly() {
        orgPolicy("mask emails", EMAIL_RULE, "LOW", 3);
        Sent sent = chat(key, "Mail john@example.com and jane@example.com, then john@example.com again");
        assertThat(sent.result().status()).isEqualTo(200);
        JsonNode upstream = FakeProvider.json(openai.requests().getLast());
        assertThat(upstream.path("messages").get(1).path("content").asText())
                .isEqualTo("Mail [EMAIL_1] and [EMAIL_2], then [EMAIL_1] again");
        assertThat(upstream.path("messages").get(0).path("content").asText()).isEqualTo("Be brief.");
        assertThat(upstream.path("temperature").decimalValue()).isEqualByComparingTo("0.70");
        assertThat(upstream.path("x_vendor").toString()).isEqualTo("{\"keep\":[1,2.5]}");
        assertThat(openai.requests().getLast().bodyText()).doesNotContain("example.com");
        var violation = PolicyRows.violations(server, sent.requestId(), 1).getFirst();
        assertThat(violation).containsEntry("block", false).containsEntry("severity", "LOW");
        assertThat(((Number) violation.get("action_type")).intValue()).isEqualTo(3);
    }

    @Test
    void strongestActionWinsAndEveryViolatedRuleIsRecorded() {
        orgPolicy("a log emails", EMAIL_RULE, "LOW", 0);
        orgPolicy("b block cards", CARD_RULE, "HIGH", 2);
        orgPolicy("c mask emails", EMAIL_RULE, "MEDIUM", 3);
        var usage = nextUsage(key);
        Sent sent = chat(key, "jane@example.com pays with " + CARD);
        assertThat(sent.result().status()).isEqualTo(403);
        var rows = PolicyRows.violations(server, sent.requestId(), 3);
        assertThat(rows).extracting(r -> r.get("policy_name")).containsExactly("a log emails", "b block cards", "c mask emails");
        assertThat(rows).allSatisfy(r -> assertThat(r).containsEntry("block", true));
        assertThat(usage.get()).containsEntry("policy_violations", 3).containsEntry("severity_low", 1)
                .containsEntry("severity_medium", 1).containsEntry("severity_high", 1).containsEntry("blocks", 1)
                .containsEntry("alerts", 1);
    }

    @Test
    void scopesAddUp() {
        PolicyRows.policy(server, new Scope(orgId, otherWs, null), "ws cards", CARD_RULE, "HIGH", 2);
        PolicyRows.policy(server, new Scope(orgId, ws, otherRepo), "repo emails", "block e-mail addresses", "HIGH", 2);
        orgPolicy("org ssn", "block social security numbers", "HIGH", 2);

        assertThat(chat(key, "card " + CARD).result().status()).isEqualTo(200);
        assertThat(chat(otherWsKey, "card " + CARD).result().status()).isEqualTo(403);
        assertThat(chat(key, "mail jane@example.com").result().status()).isEqualTo(200);
        assertThat(chat(otherWsKey, "mail jane@example.com").result().status()).isEqualTo(200);
        assertThat(chat(otherKey, "mail jane@example.com").result().status()).isEqualTo(403);
        for (GatewayWorld.Key k : List.of(key, otherKey, otherWsKey)) {
            assertThat(chat(k, "SSN 123-45-6789").result().status()).isEqualTo(403);
        }
    }

    @Test
    void policyChangesThroughThePlatformApiTakeEffect() {
        String id = PolicyRows.policy(server, Scope.org(orgId), "no cards", CARD_RULE, "HIGH", 2);
        assertThat(chat(key, "card " + CARD).result().status()).isEqualTo(403);
        var api = server.owner().api();
        assertThat(api.put("/policy/" + id, Map.of("enabled", false)).status()).isEqualTo(200);
        PolicyRows.awaitSnapshot(server);
        assertThat(chat(key, "card " + CARD).result().status()).isEqualTo(200);
        assertThat(api.put("/policy/" + id, Map.of("enabled", true, "actionType", 3)).status()).isEqualTo(200);
        PolicyRows.awaitSnapshot(server);
        chat(key, "card " + CARD);
        assertThat(openai.requests().getLast().bodyText()).contains("card [CARD_1]");
        assertThat(api.delete("/policy/" + id).status()).isEqualTo(200);
        PolicyRows.awaitSnapshot(server);
        chat(key, "card " + CARD);
        assertThat(openai.requests().getLast().bodyText()).contains(CARD);
    }

    @Test
    void cleanPromptsPassUnchanged() {
        orgPolicy("no cards", CARD_RULE, "HIGH", 2);
        var usage = nextUsage(key);
        Sent clean = chat(key, "Nothing sensitive here");
        assertThat(clean.result().status()).isEqualTo(200);
        assertThat(usage.get()).containsEntry("policy_violations", 0);
        assertThat(rows("policy_violation", clean)).isEmpty();
        assertThat(openai.requests().getLast().bodyText()).contains("\"temperature\":0.70");
    }

    /** The fake answers every chat completion with {@code text}. */
    static void answers(String text) {
        openai.respond("POST", "/v1/chat/completions", r -> FakeProvider.Answer.json(200,
                "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1764150000,\"model\":\"gpt-4o\","
                        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quote(text)
                        + "},\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":9,\"total_tokens\":14}}"));
    }

    /** The fake streams {@code pieces} as content deltas, one SSE frame each, then a finish chunk, usage and [DONE]. */
    static void streams(String... pieces) {
        openai.streamContent(pieces);
    }

    static Sent streamChat(GatewayWorld.Key k, String message) {
        return send(k, "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":" + quote(message) + "}]}");
    }

    /** The text a client assembles from the content deltas of an SSE body. */
    static String streamedText(String sse) {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode chunk = io.gatehouse.provider.ProviderJson.read(line.substring(6).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                text.append(chunk.path("choices").path(0).path("delta").path("content").asText(""));
            }
        }
        return text.toString();
    }

    /** The fake streams one tool call whose arguments arrive in {@code pieces}. */
    static void streamsToolCall(String... pieces) {
        openai.respond("POST", "/v1/chat/completions", r -> {
            String head = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1764150000,"
                    + "\"model\":\"gpt-4o\",\"choices\":[";
            List<String> frames = new java.util.ArrayList<>();
            frames.add(head + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
                    + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"send\",\"arguments\":\"\"}}]},"
                    + "\"finish_reason\":null}]}\n\n");
            for (String piece : pieces) {
                frames.add(head + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                        + quote(piece) + "}}]},\"finish_reason\":null}]}\n\n");
            }
            frames.add(head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n");
            frames.add("data: [DONE]\n\n");
            return FakeProvider.Answer.chunked(200, "text/event-stream", frames, java.time.Duration.ofMillis(5));
        });
    }

    /** The arguments of the first tool call a client assembles from an SSE body, and its name. */
    static String streamedToolCall(String sse) {
        StringBuilder arguments = new StringBuilder();
        String name = null;
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {")) {
                JsonNode call = io.gatehouse.provider.ProviderJson.read(line.substring(6).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .path("choices").path(0).path("delta").path("tool_calls").path(0);
                name = call.path("function").has("name") ? call.path("function").path("name").asText() : name;
                arguments.append(call.path("function").path("arguments").asText(""));
            }
        }
        return name + arguments;
    }

    @Test
    void streamedToolArgumentsAreGuardedToo() {
        orgPolicy("mask emails", EMAIL_RULE, "LOW", 3);
        streamsToolCall("{\"to\":\"ann@exa", "mple.com\",\"body\":\"hi\"}");
        Sent masked = streamChat(key, "send it");
        assertThat(streamedToolCall(masked.result().body())).isEqualTo("send{\"to\":\"[EMAIL_1]\",\"body\":\"hi\"}");
        assertThat(masked.result().body()).doesNotContain("example").contains("\"id\":\"call_1\"").endsWith("data: [DONE]\n\n");

        orgPolicy("no cards", CARD_RULE, "HIGH", 2);
        streamsToolCall("{\"card\":\"4111 1111", " 1111 1111\"}");
        String blocked = streamChat(key, "pay").result().body();
        assertThat(blocked).doesNotContain("4111").doesNotContain("[DONE]").contains("policy_blocked");
    }

    @Test
    void outputBlockReplacesTheCompletion() {
        orgPolicy("no cards", CARD_RULE, "HIGH", 2);
        answers("Sure, use card " + CARD + ".");
        var usage = nextUsage(key);
        Sent sent = chat(key, "Give me a test card");
        assertThat(sent.result().status()).isEqualTo(403);
        assertThat(sent.result().json().path("error").path("code").asText()).isEqualTo("policy_blocked");
        assertThat(sent.result().body()).doesNotContain("4111");
        assertThat(PolicyRows.violations(server, sent.requestId(), 1).getFirst()).containsEntry("direction", "OUTPUT")
                .containsEntry("block", true);
        assertThat(usage.get()).containsEntry("status", 403).containsEntry("outcome", "blocked").containsEntry("blocks", 1)
                .containsEntry("tokens_out", 9L);
    }

    @Test
    void outputRedactMasksTheCompletionAndToolArguments() {
        orgPolicy("mask emails", EMAIL_RULE, "LOW", 3);
        answers("Write to ann@example.com or bob@example.com.");
        Sent sent = chat(key, "Who do I write to?");
        assertThat(sent.result().status()).isEqualTo(200);
        assertThat(sent.result().json().path("choices").path(0).path("message").path("content").asText())
                .isEqualTo("Write to [EMAIL_1] or [EMAIL_2].");
        assertThat(sent.result().json().path("usage").path("total_tokens").asInt()).isEqualTo(14);
        assertThat(PolicyRows.violations(server, sent.requestId(), 1).getFirst()).containsEntry("direction", "OUTPUT");

        openai.reset();
        openai.respond("POST", "/v1/chat/completions", r -> FakeProvider.Answer.json(200,
                "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                        + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"send\",\"arguments\":\"{\\\"to\\\":\\\"ann@example.com\\\"}\"}}]},"
                        + "\"finish_reason\":\"tool_calls\"}]}"));
        Sent tool = chat(key, "Send it");
        assertThat(tool.result().json().path("choices").path(0).path("message").path("tool_calls").path(0)
                .path("function").path("arguments").asText()).isEqualTo("{\"to\":\"[EMAIL_1]\"}");
    }

    @Test
    void streamedCardSplitAcrossChunksIsBlockedWithAnSseError() {
        orgPolicy("no cards", CARD_RULE, "HIGH", 2);
        streams("Your card: 4111 1111 ", "1111 1111 is ready", " and more text");
        var usage = nextUsage(key);
        Sent sent = streamChat(key, "card please");
        assertThat(sent.result().status()).isEqualTo(200);
        String body = sent.result().body();
        assertThat(body).doesNotContain("4111").doesNotContain("[DONE]").doesNotContain("more text");
        assertThat(body).contains("data: {\"error\":{").contains("\"type\":\"policy_violation\"")
                .contains("\"code\":\"policy_blocked\"");
        assertThat(body.trim()).endsWith("}}");
        assertThat(PolicyRows.violations(server, sent.requestId(), 1).getFirst()).containsEntry("direction", "OUTPUT")
                .containsEntry("block", true);
        assertThat(usage.get()).containsEntry("outcome", "blocked").containsEntry("blocks", 1).containsEntry("streamed", true);
    }

    @Test
    void streamedRedactionMasksAcrossChunks() {
        orgPolicy("mask emails", EMAIL_RULE, "LOW", 3);
        streams("Reach me at jane.d", "oe@exam", "ple.com or at jane.doe@example.com", ", thanks!");
        Sent sent = streamChat(key, "contact?");
        String body = sent.result().body();
        assertThat(streamedText(body)).isEqualTo("Reach me at [EMAIL_1] or at [EMAIL_1], thanks!");
        assertThat(body).doesNotContain("example").endsWith("data: [DONE]\n\n");
        assertThat(body).contains("\"finish_reason\":\"stop\"");
        assertThat(PolicyRows.violations(server, sent.requestId(), 1).getFirst()).containsEntry("direction", "OUTPUT")
                .containsEntry("block", false);
    }

    @Test
    void streamedTextThatCannotBeAFindingIsForwardedAtOnce() throws Exception {
        orgPolicy("mask emails", EMAIL_RULE, "LOW", 3);
        orgPolicy("no cards", CARD_RULE, "HIGH", 2);
        orgPolicy("no phones", "block phone numbers", "HIGH", 2);
        // One frame a second: text the detectors cannot still match must reach the client before the next one leaves.
        openai.respond("POST", "/v1/chat/completions", r -> {
            String head = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1764150000,"
                    + "\"model\":\"gpt-4o\",\"choices\":[";
            List<String> frames = new java.util.ArrayList<>();
            for (String piece : List.of("Hello, world! ", "All good.")) {
                frames.add(head + "{\"index\":0,\"delta\":{\"content\":" + quote(piece) + "},\"finish_reason\":null}]}\n\n");
            }
            frames.add(head + "{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            frames.add("data: [DONE]\n\n");
            return FakeProvider.Answer.chunked(200, "text/event-stream", frames, Duration.ofSeconds(1));
        });
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.gatewayUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key.secret()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"stream\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")).build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            var lines = client.send(request, HttpResponse.BodyHandlers.ofLines()).body().iterator();
            long helloAt = -1;
            long goodAt = -1;
            List<String> seen = new ArrayList<>();
            while (lines.hasNext()) {
                String line = lines.next();
                seen.add(line);
                if (line.contains("Hello, world! ") && helloAt < 0) {
                    helloAt = System.nanoTime();
                }
                if (line.contains("good.") && goodAt < 0) {
                    goodAt = System.nanoTime();
                }
            }
            assertThat(helloAt).as("the first text came in a frame of its own: %s", seen).isPositive();
            assertThat(goodAt).as("the rest came: %s", seen).isPositive();
            assertThat(Duration.ofNanos(goodAt - helloAt)).as("the first text was not held for the next frame")
                    .isGreaterThan(Duration.ofMillis(500));
        }
    }

    @Test
    void streamedLogPassesFramesAsTheyComeAndRecords() {
        orgPolicy("log emails", EMAIL_RULE, "LOW", 0);
        streams("Mail jane", "@example.com", " now");
        var usage = nextUsage(key);
        Sent sent = streamChat(key, "hi");
        assertThat(streamedText(sent.result().body())).isEqualTo("Mail jane@example.com now");
        assertThat(sent.result().body()).endsWith("data: [DONE]\n\n");
        assertThat(PolicyRows.violations(server, sent.requestId(), 1).getFirst()).containsEntry("direction", "OUTPUT");
        assertThat(usage.get()).containsEntry("policy_violations", 1).containsEntry("outcome", "ok");
    }

    @Test
    void embeddingsInputIsChecked() {
        orgPolicy("no cards", CARD_RULE, "HIGH", 2);
        Sent blocked = send(key, "/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"ok\",\"card " + CARD + "\"]}");
        assertThat(blocked.result().status()).isEqualTo(403);
        assertThat(openai.requests()).isEmpty();
        orgPolicy("mask emails", EMAIL_RULE, "LOW", 3);
        Sent masked = send(key, "/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":[\"a@example.com\",\"plain\"]}");
        assertThat(masked.result().status()).isEqualTo(200);
        assertThat(FakeProvider.json(openai.requests().getLast()).path("input").toString()).isEqualTo("[\"[EMAIL_1]\",\"plain\"]");
    }

    @Test
    void judgeRulesWithoutAWorkingJudgeFollowTheFailMode() {
        // The API refuses this rule without a judge (JudgeRequiredTest); one stored before that check still acts so.
        PolicyRows.storedBeforeTheJudgeCheck(server, "legal", "Do not give legal advice", 2);
        orgPolicy("competitors", "Don't discuss competitors", "LOW", 0);
        var usage = nextUsage(key);
        Sent closed = chat(key, "Can I sue Acme?");
        assertThat(closed.result().status()).isEqualTo(403);
        assertThat(closed.result().json().path("error").path("message").asText()).contains("legal");
        assertThat(openai.requests()).isEmpty();
        assertThat(PolicyRows.violations(server, closed.requestId(), 1)).singleElement().satisfies(v ->
                assertThat(v).containsEntry("explanation", "judge unavailable").containsEntry("evaluator", "judge")
                        .containsEntry("policy_name", "legal"));
        assertThat(usage.get()).containsEntry("blocks", 1).containsEntry("policy_violations", 1);

        // A judge configured for the organization, but it does not answer: still closed for BLOCK by default.
        PolicyRows.settings(server, cfg, "gpt-4o", null, false, 500);
        assertThat(chat(key, "Can I sue Acme?").result().status()).isEqualTo(403);
        PolicyRows.settings(server, cfg, "gpt-4o", true, false, 500);
        Sent open = chat(key, "Can I sue Acme?");
        assertThat(open.result().status()).isEqualTo(200);
        // The judge cannot be removed while the BLOCK rule needs it.
        HttpResult removal = server.owner().api().put("/organization/" + orgId + "/settings",
                java.util.Collections.singletonMap("judgeAiLlmId", null));
        assertThat(removal.status()).as(removal.toString()).isEqualTo(422);
        assertThat(removal.text("error_code")).isEqualTo("judge_required");
    }

    @Test
    void streamsWithABlockRuleForTheJudgeAreBufferedAndSentWhole() {
        PolicyRows.storedBeforeTheJudgeCheck(server, "legal", "Do not give legal advice", 2);
        PolicyRows.settings(server, null, null, true, false, null);
        streams("First ", "second ", "third.");
        Sent sent = streamChat(key, "hi");
        String body = sent.result().body();
        assertThat(streamedText(body)).isEqualTo("First second third.");
        assertThat(body.split("\"content\":\"[^\"]").length - 1).as("one text frame").isEqualTo(1);
        assertThat(body).contains("\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
    }

    static Sent anthropic(String system, String message, boolean stream) {
        return send(key, "/anthropic/v1/messages", "{\"model\":\"gpt-4o\",\"max_tokens\":100,\"stream\":" + stream
                + ",\"system\":[{\"type\":\"text\",\"text\":" + quote(system) + "}],\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"text\",\"text\":" + quote(message) + "}]}]}");
    }

    /** The text of an Anthropic SSE body's text deltas. */
    static String anthropicText(String sse) {
        StringBuilder text = new StringBuilder();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: {") && line.contains("text_delta")) {
                JsonNode event = io.gatehouse.provider.ProviderJson.read(line.substring(6).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                text.append(event.path("delta").path("text").asText(""));
            }
        }
        return text.toString();
    }

    @Test
    void anthropicIngressBlocksAndRedactsInItsOwnShapes() {
        orgPolicy("no cards", CARD_RULE, "HIGH", 2);
        orgPolicy("mask emails", EMAIL_RULE, "LOW", 3);
        Sent blocked = anthropic("You help.", "Card " + CARD, false);
        assertThat(blocked.result().status()).isEqualTo(403);
        assertThat(blocked.result().json().path("type").asText()).isEqualTo("error");
        assertThat(blocked.result().json().path("error").path("type").asText()).isEqualTo("permission_error");
        assertThat(blocked.result().json().path("error").path("message").asText()).contains("no cards");
        assertThat(openai.requests()).isEmpty();

        answers("Ask ann@example.com.");
        Sent masked = anthropic("Escalate to boss@example.com.", "Mail me at me@example.com", false);
        assertThat(masked.result().status()).isEqualTo(200);
        String upstream = openai.requests().getLast().bodyText();
        assertThat(upstream).doesNotContain("example.com").contains("[EMAIL_1]").contains("[EMAIL_2]");
        assertThat(masked.result().json().path("content").path(0).path("text").asText()).isEqualTo("Ask [EMAIL_1].");
        assertThat(PolicyRows.violations(server, masked.requestId(), 2)).extracting(r -> r.get("direction"))
                .containsExactlyInAnyOrder("INPUT", "OUTPUT");
    }

    @Test
    void anthropicIngressStreamsAreGuarded() {
        orgPolicy("mask emails", EMAIL_RULE, "LOW", 3);
        streams("Write to ann@exa", "mple.com today");
        String masked = anthropic("You help.", "who?", true).result().body();
        assertThat(anthropicText(masked)).isEqualTo("Write to [EMAIL_1] today");
        assertThat(masked).doesNotContain("example").contains("event: message_stop");

        orgPolicy("no cards", CARD_RULE, "HIGH", 2);
        streams("Card 4111 1111 ", "1111 1111 now", " more");
        String blocked = anthropic("You help.", "card?", true).result().body();
        assertThat(blocked).doesNotContain("4111").doesNotContain("message_stop").doesNotContain(" more");
        assertThat(blocked).contains("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"permission_error\"");
    }

    /** A repeated key would have the policies judge one value (a tree keeps the last) and the provider read another. */
    @Test
    void aRepeatedKeyAtAnyDepthIsRefusedOnEveryIngressBeforePoliciesOrTheProviderSeeIt() {
        orgPolicy("no emails", EMAIL_RULE, "HIGH", 2);
        Sent chat = send(key, "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"mail john.doe@example.com\",\"content\":\"hi\"}]}");
        Sent streamed = send(key, "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":"
                + "\"user\",\"content\":[{\"type\":\"text\",\"text\":\"mail john.doe@example.com\",\"text\":\"hi\"}]}]}");
        Sent topLevel = send(key, "/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"mail john.doe@example.com\"}],\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        Sent embeddings = send(key, "/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\","
                + "\"x_vendor\":{\"deep\":[{\"a\":1,\"b\":2,\"c\":3,\"a\":4}]}}");
        for (Sent sent : List.of(chat, streamed, topLevel, embeddings)) {
            assertThat(sent.result().status()).as(sent.result().toString()).isEqualTo(400);
            assertThat(sent.result().json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(sent.result().json().path("error").path("message").asText())
                    .startsWith("The request body repeats a key within one object: Duplicate field '")
                    .contains("Each key may appear only once.");
        }
        assertThat(chat.result().json().path("error").path("message").asText()).contains("'content'").contains("line 1");
        Sent anthropic = send(key, "/anthropic/v1/messages", "{\"model\":\"gpt-4o\",\"max_tokens\":16,\"messages\":[{\"role\":"
                + "\"user\",\"content\":[{\"type\":\"text\",\"text\":\"mail john.doe@example.com\",\"text\":\"hi\"}]}]}");
        assertThat(anthropic.result().status()).isEqualTo(400);
        assertThat(anthropic.result().json().path("type").asText()).isEqualTo("error");
        assertThat(anthropic.result().json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(anthropic.result().json().path("error").path("message").asText()).contains("Duplicate field 'text'");
        assertThat(openai.requests()).isEmpty();
        for (Sent sent : List.of(chat, streamed, topLevel, embeddings, anthropic)) {
            assertThat(rows("policy_violation", sent)).isEmpty();
        }
        // The same bodies without the repeated key go on as usual.
        assertThat(chat(key, "hi").result().status()).isEqualTo(200);
    }

    static List<Map<String, Object>> rows(String table, Sent sent) {
        try {
            return PolicyRows.read(server, table, sent.requestId());
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}

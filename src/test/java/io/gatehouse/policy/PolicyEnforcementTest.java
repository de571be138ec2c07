package io.gatehouse.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.PolicyRows;
import io.gatehouse.testing.PolicyRows.Scope;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
        var api = server.owner().api();
        orgId = server.owner().orgId();
        ws = server.defaultWorkspace(server.owner());
        otherWs = PlatformCalls.workspace(api, "second");
        String cfg = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), "sk-fake-openai-key-0123456789");
        PlatformCalls.validate(api, cfg);
        String otherCfg = PlatformCalls.aiLlm(api, otherWs, "oa2", "OPENAI", openai.endpoint(), "sk-fake-openai-key-0123456789");
        PlatformCalls.validate(api, otherCfg);
        repo = PlatformCalls.repo(api, ws, "app", cfg);
        otherRepo = PlatformCalls.repo(api, ws, "other app", cfg);
        otherWsRepo = PlatformCalls.repo(api, otherWs, "second app", otherCfg);
        key = GatewayWorld.key(server, repo, "app key");
        otherKey = GatewayWorld.key(server, otherRepo, "other key");
        otherWsKey = GatewayWorld.key(server, otherWsRepo, "second key");
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
        PolicyRows.policy(server, Scope.org(orgId), "no emails", EMAIL_RULE, "MEDIUM", 0);
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
        PolicyRows.policy(server, Scope.org(orgId), "alert on emails", EMAIL_RULE, "HIGH", 1);
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
        PolicyRows.policy(server, Scope.org(orgId), "no cards", CARD_RULE, "HIGH", 2);
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
        PolicyRows.policy(server, Scope.org(orgId), "mask emails", EMAIL_RULE, "LOW", 3);
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
        PolicyRows.policy(server, Scope.org(orgId), "a log emails", EMAIL_RULE, "LOW", 0);
        PolicyRows.policy(server, Scope.org(orgId), "b block cards", CARD_RULE, "HIGH", 2);
        PolicyRows.policy(server, Scope.org(orgId), "c mask emails", EMAIL_RULE, "MEDIUM", 3);
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
        PolicyRows.policy(server, Scope.org(orgId), "org ssn", "block social security numbers", "HIGH", 2);

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
    void cleanPromptsPassUnchanged() {
        PolicyRows.policy(server, Scope.org(orgId), "no cards", CARD_RULE, "HIGH", 2);
        var usage = nextUsage(key);
        Sent clean = chat(key, "Nothing sensitive here");
        assertThat(clean.result().status()).isEqualTo(200);
        assertThat(usage.get()).containsEntry("policy_violations", 0);
        assertThat(rows("policy_violation", clean)).isEmpty();
        assertThat(openai.requests().getLast().bodyText()).contains("\"temperature\":0.70");
    }

    static List<Map<String, Object>> rows(String table, Sent sent) {
        try {
            return PolicyRows.read(server, table, sent.requestId());
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}

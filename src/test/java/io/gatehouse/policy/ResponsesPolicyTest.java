package io.gatehouse.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.PolicyRows;
import io.gatehouse.testing.PolicyWorld;
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
import java.util.function.Function;

import static io.gatehouse.policy.PolicyEnforcementTest.CARD;
import static io.gatehouse.policy.PolicyEnforcementTest.CARD_RULE;
import static io.gatehouse.policy.PolicyEnforcementTest.EMAIL_RULE;
import static io.gatehouse.policy.PolicyEnforcementTest.quote;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Policies on {@code /v1/responses} are chat's: the same prompt gets the same verdict, violation record and usage
 * counters through the Responses API as through chat completions and Anthropic messages (a table: further ingresses
 * are one row each), and output policies reach what a Responses client
 * reads — the answer, every text event of a stream, and the response kept for later.
 */
@Tag("db")
class ResponsesPolicyTest {
    /** The violation columns that must not depend on the ingress. */
    static final List<String> VERDICT = List.of("policy_name", "direction", "evaluator", "severity", "block",
            "action_type", "explanation", "repo_name", "api_key_name", "llm_type", "llm_model");
    static final List<String> ACCOUNTING = List.of("status", "outcome", "policy_violations", "blocks", "alerts",
            "severity_high", "tokens_in", "tokens_out", "llm_type");

    static TestServer server;
    static FakeOpenAi openai;
    static String orgId;
    static GatewayWorld.Key key;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("usage.flush.interval", "100ms", "policy.flush.interval", "100ms"));
        PolicyEnforcementTest.server = server;
        openai = new FakeOpenAi("sk-fake-openai-key-0123456789");
        PolicyEnforcementTest.openai = openai;
        PolicyWorld world = PolicyWorld.create(server, openai.endpoint(), "sk-fake-openai-key-0123456789");
        orgId = world.orgId();
        key = world.key();
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

    static PolicyEnforcementTest.Sent responses(String body) {
        return PolicyEnforcementTest.send(key, "/v1/responses", body);
    }

    static Map<String, Object> only(Map<String, Object> row, List<String> columns) {
        Map<String, Object> kept = new java.util.TreeMap<>();
        columns.forEach(c -> kept.put(c, row.get(c)));
        return kept;
    }

    /** An ingress of the table: how it sends a prompt, and the {@code error.type} of a block in its error shape. */
    record Ingress(String name, Function<String, PolicyEnforcementTest.Sent> send, String blockType) {
    }

    @Test
    void theSameSensitivePromptGetsTheSameVerdictRecordAndAccountingOnEveryIngress() {
        PolicyRows.policy(server, PolicyRows.Scope.org(orgId), "no cards", CARD_RULE, "HIGH", 2);
        String prompt = "Charge " + CARD + " please";
        List<Ingress> ingresses = List.of(
                new Ingress("chat", p -> PolicyEnforcementTest.chat(key, p), "policy_violation"),
                new Ingress("responses", p -> responses("{\"model\":\"gpt-4o\",\"instructions\":\"Be brief.\","
                        + "\"input\":" + quote(p) + "}"), "policy_violation"),
                new Ingress("anthropic", p -> PolicyEnforcementTest.send(key, "/anthropic/v1/messages",
                        "{\"model\":\"gpt-4o\",\"max_tokens\":100,\"system\":\"Be brief.\",\"messages\":[{\"role\":"
                                + "\"user\",\"content\":" + quote(p) + "}]}"), "permission_error"));
        Map<String, Object> verdicts = new java.util.HashMap<>();
        Map<String, Object> accounting = new java.util.HashMap<>();
        for (Ingress ingress : ingresses) {
            var usage = PolicyEnforcementTest.nextUsage(key);
            PolicyEnforcementTest.Sent sent = ingress.send().apply(prompt);
            assertThat(sent.result().status()).as(ingress.name()).isEqualTo(403);
            assertThat(sent.result().json().path("error").path("type").asText()).as(ingress.name())
                    .isEqualTo(ingress.blockType());
            assertThat(sent.result().body()).as(ingress.name()).doesNotContain("4111");
            verdicts.put(ingress.name(), only(PolicyRows.violations(server, sent.requestId(), 1).getFirst(), VERDICT));
            accounting.put(ingress.name(), only(usage.get(), ACCOUNTING));
        }
        for (Ingress ingress : ingresses) {
            assertThat(verdicts.get(ingress.name())).as(ingress.name()).isEqualTo(verdicts.get("chat"));
            assertThat(accounting.get(ingress.name())).as(ingress.name()).isEqualTo(accounting.get("chat"));
        }
        assertThat(openai.requests()).isEmpty();
    }

    @Test
    void inputRedactionMasksTheResponsesInputAndItsFunctionOutputs() {
        PolicyRows.policy(server, PolicyRows.Scope.org(orgId), "mask emails", EMAIL_RULE, "LOW", 3);
        PolicyEnforcementTest.Sent sent = responses("{\"model\":\"gpt-4o\",\"input\":[{\"role\":\"user\",\"content\":"
                + "[{\"type\":\"input_text\",\"text\":\"Mail john@example.com\"}]},{\"type\":\"function_call\","
                + "\"call_id\":\"c1\",\"name\":\"lookup\",\"arguments\":\"{}\"},{\"type\":\"function_call_output\","
                + "\"call_id\":\"c1\",\"output\":\"jane@example.com\"}]}");
        assertThat(sent.result().status()).isEqualTo(200);
        assertThat(openai.requests().getLast().bodyText()).doesNotContain("example.com").contains("[EMAIL_1]", "[EMAIL_2]");
    }

    @Test
    void outputRedactionReachesTheAnswerAndTheKeptResponse() {
        PolicyRows.policy(server, PolicyRows.Scope.org(orgId), "mask emails", EMAIL_RULE, "LOW", 3);
        PolicyEnforcementTest.answers("Write to ann@example.com.");
        PolicyEnforcementTest.Sent sent = responses("{\"model\":\"gpt-4o\",\"input\":\"Who?\"}");
        JsonNode answer = sent.result().json();
        assertThat(answer.path("output").path(0).path("content").path(0).path("text").asText())
                .isEqualTo("Write to [EMAIL_1].");
        var kept = GatewayWorld.send(server, "GET", "/v1/responses/" + answer.path("id").asText(), key.secret(), null);
        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.body()).doesNotContain("example.com").contains("[EMAIL_1]");
    }

    @Test
    void streamedOutputRedactionReachesEveryTextEvent() {
        PolicyRows.policy(server, PolicyRows.Scope.org(orgId), "mask emails", EMAIL_RULE, "LOW", 3);
        PolicyEnforcementTest.streams("Reach me at jane.d", "oe@exam", "ple.com, thanks!");
        PolicyEnforcementTest.Sent sent = responses("{\"model\":\"gpt-4o\",\"stream\":true,\"input\":\"contact?\"}");
        String body = sent.result().body();
        assertThat(body).doesNotContain("example").contains("event: response.completed")
                .contains("\"text\":\"Reach me at [EMAIL_1], thanks!\"");
        assertThat(PolicyRows.violations(server, sent.requestId(), 1).getFirst()).containsEntry("direction", "OUTPUT");
    }

    @Test
    void streamedOutputBlockEndsWithAnErrorEventAndKeepsNothing() {
        PolicyRows.policy(server, PolicyRows.Scope.org(orgId), "no cards", CARD_RULE, "HIGH", 2);
        PolicyEnforcementTest.streams("Your card: 4111 1111 ", "1111 1111 is ready", " and more");
        PolicyEnforcementTest.Sent sent = responses("{\"model\":\"gpt-4o\",\"stream\":true,\"input\":\"card?\"}");
        String body = sent.result().body();
        assertThat(body).doesNotContain("4111").doesNotContain("response.completed").doesNotContain("and more");
        assertThat(body).contains("event: error").contains("\"code\":\"policy_blocked\"");
        String id = body.replaceAll("(?s).*?\"id\":\"(resp_[0-9a-f]+)\".*", "$1");
        assertThat(GatewayWorld.send(server, "GET", "/v1/responses/" + id, key.secret(), null).status()).isEqualTo(404);
    }
}

package io.gatehouse.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.policy.alert.WebhookSignature;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.PolicyRows;
import io.gatehouse.testing.PolicyRows.Scope;
import io.gatehouse.testing.PolicyWorld;
import io.gatehouse.testing.Prometheus;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.WebhookReceiver;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 5, "must hold", with the real judge: a node in front of a fake OpenAI whose organization's judge is another
 * fake provider on 127.0.0.1 (OpenAI, Anthropic or Gemini) answering in its real wire format (what it says is
 * scripted with {@link FakeProvider#answerChatWith}). Settings and policies go through the Platform API; requests through
 * {@code /v1}. Covers the judge deciding each action in both directions (streams buffered), what is recorded and
 * counted, the webhook an alert produces, the asynchronous judge staying off the request path, the fail modes, the
 * verdict cache and the scopes.
 */
@Tag("db")
class PolicyJudgeEndToEndTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String LEGAL = "Do not give or ask for legal advice";
    static final String NAMES = "Do not send the names of our customers to the model";
    static final String WEBHOOK_SECRET = "whsec-0123456789abcdef";
    static final long JUDGE_IN = 123;
    static final long JUDGE_OUT = 45;

    static TestServer server;
    static FakeOpenAi provider;
    static FakeOpenAi judge;
    static FakeAnthropic claude;
    static FakeGemini gemini;
    static WebhookReceiver receiver;
    static PolicyWorld world;
    static String judgeCfg;
    static String claudeCfg;
    static String geminiCfg;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("usage.flush.interval", "100ms", "policy.flush.interval", "100ms",
                "policy.webhook.cache.ttl", "50ms", "policy.webhook.backoff", "50ms"));
        provider = new FakeOpenAi("sk-fake-provider-key-0123456789");
        judge = new FakeOpenAi("sk-fake-judge-key-0123456789");
        claude = new FakeAnthropic("sk-ant-fake-judge-key-0123456789");
        gemini = new FakeGemini("AIza-fake-judge-key-0123456789");
        receiver = new WebhookReceiver();
        world = PolicyWorld.create(server, provider.endpoint(), "sk-fake-provider-key-0123456789");
        var api = server.owner().api();
        judgeCfg = PlatformCalls.aiLlm(api, world.ws(), "judge", "OPENAI", judge.endpoint(), "sk-fake-judge-key-0123456789");
        PlatformCalls.validate(api, judgeCfg);
        claudeCfg = PlatformCalls.aiLlm(api, world.ws(), "claude judge", "ANTHROPIC", claude.endpoint(), "sk-ant-fake-judge-key-0123456789");
        PlatformCalls.validate(api, claudeCfg);
        geminiCfg = PlatformCalls.aiLlm(api, world.ws(), "gemini judge", "GOOGLE", gemini.endpoint(), "AIza-fake-judge-key-0123456789");
        PlatformCalls.validate(api, geminiCfg);
    }

    @AfterAll
    static void stop() {
        server.close();
        provider.close();
        judge.close();
        claude.close();
        gemini.close();
        receiver.close();
    }

    @BeforeEach
    void reset() {
        PolicyRows.clear(server);
        provider.reset();
        judge.reset();
        judge.usage(body -> JUDGE_IN, body -> JUDGE_OUT);
        claude.reset();
        gemini.reset();
        receiver.received.clear();
        useJudge(judgeCfg, "gpt-4o-mini", null, false, null);
    }

    static void useJudge(String cfg, String model, Boolean failOpen, boolean asyncJudge, Integer timeoutMs) {
        PolicyRows.settings(server, cfg, model, failOpen, asyncJudge, timeoutMs);
    }

    static String policy(Scope scope, String name, String content, String risk, int action) {
        return PolicyRows.policy(server, scope, name, content, risk, action);
    }

    static String orgPolicy(String name, String content, String risk, int action) {
        return policy(Scope.org(world.orgId()), name, content, risk, action);
    }

    /** The judge's answer: one verdict per policy, in the schema {@code LlmJudge} asks for. */
    static String verdicts(Verdict... verdicts) {
        try {
            return JSON.writeValueAsString(Map.of("verdicts", List.of(verdicts)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    record Verdict(String policyId, boolean violated, String explanation, List<String> spans) {
        static Verdict violated(String policyId, String explanation, String... spans) {
            return new Verdict(policyId, true, explanation, List.of(spans));
        }

        static Verdict clean(String policyId) {
            return new Verdict(policyId, false, "The text does not break the rule.", List.of());
        }
    }

    /** Whether a judge request asks about a model's answer (else about a prompt). */
    static boolean asksAboutAnswer(FakeProvider.Recorded request) {
        return request.bodyText().contains("OUTPUT (an AI model");
    }

    /** The judge finds prompts clean and answers violating (both directions get one call each). */
    static void judgeBlamesAnswers(String policyId, String explanation) {
        judge.answerChatWith(r -> asksAboutAnswer(r)
                ? verdicts(Verdict.violated(policyId, explanation)) : verdicts(Verdict.clean(policyId)));
    }

    record Sent(String requestId, HttpResult result, long millis) {
    }

    static Sent chat(GatewayWorld.Key k, String message, boolean stream) {
        String id = "req-" + UUID.randomUUID();
        long start = System.nanoTime();
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", k.secret(), "{\"model\":\"gpt-4o\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":" + quote(message) + "}]}", "x-request-id", id);
        return new Sent(id, r, (System.nanoTime() - start) / 1_000_000);
    }

    static Sent chat(GatewayWorld.Key k, String message) {
        return chat(k, message, false);
    }

    static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The usage row the next request of {@code k} writes: call before the request, read after. */
    static Supplier<Map<String, Object>> nextUsage(GatewayWorld.Key k) {
        int before = GatewayWorld.usage(server, k.id(), 0).size();
        return () -> GatewayWorld.usage(server, k.id(), before + 1).get(before);
    }

    static List<Map<String, Object>> violationsNow(Sent sent) throws Exception {
        return PolicyRows.read(server, "policy_violation", sent.requestId());
    }

    static void assertPolicyError(HttpResult result, String policyName) {
        assertThat(result.status()).isEqualTo(403);
        JsonNode error = result.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("policy_violation");
        assertThat(error.path("code").asText()).isEqualTo("policy_blocked");
        assertThat(error.path("message").asText()).contains(policyName);
    }

    @Test
    void judgeBlocksAPromptBeforeTheProviderIsCalled() {
        String legal = orgPolicy("legal", LEGAL, "HIGH", 2);
        judge.answerChatWith(verdicts(Verdict.violated(legal, "The prompt asks how to sue a company.")));
        var usage = nextUsage(world.key());
        String before = Prometheus.scrape(server);
        Sent sent = chat(world.key(), "How do I sue Acme for breach of contract?");

        assertPolicyError(sent.result(), "legal");
        assertThat(sent.result().header("x-request-id")).isEqualTo(sent.requestId());
        assertThat(provider.requests()).isEmpty();
        assertThat(judge.requests()).singleElement().satisfies(r -> {
            JsonNode asked = FakeProvider.json(r);
            assertThat(asked.path("model").asText()).isEqualTo("gpt-4o-mini");
            assertThat(asked.path("stream").asBoolean(false)).isFalse();
            assertThat(r.bodyText()).contains("How do I sue Acme for breach of contract?").contains(legal).contains(LEGAL);
        });
        assertThat(PolicyRows.violations(server, sent.requestId(), 1)).singleElement().satisfies(v -> assertThat(v)
                .containsEntry("policy_name", "legal").containsEntry("evaluator", "judge").containsEntry("direction", "INPUT")
                .containsEntry("explanation", "The prompt asks how to sue a company.").containsEntry("block", true)
                .containsEntry("severity", "HIGH"));
        assertThat(usage.get()).containsEntry("status", 403).containsEntry("outcome", "blocked").containsEntry("blocks", 1)
                .containsEntry("policy_violations", 1).containsEntry("llm_tokens_in", JUDGE_IN)
                .containsEntry("llm_tokens_out", JUDGE_OUT).containsEntry("tokens_in", 0L)
                .containsEntry("ai_llm_id", world.cfg()).containsEntry("llm_type", "OPENAI").containsEntry("llm_model", "gpt-4o");
        String after = Prometheus.scrape(server);
        assertThat(Prometheus.delta(before, after, "gatehouse_policy_outcomes_total", "action", "block", "direction", "input"))
                .isEqualTo(1);
        assertThat(Prometheus.delta(before, after, "gatehouse_judge_duration_seconds_count", "outcome", "ok")).isEqualTo(1);
    }

    @Test
    void theRequestIdTheClientGetsIsTheViolationsConversationId() {
        String legal = orgPolicy("legal", LEGAL, "HIGH", 2);
        judgeBlamesAnswers(legal, "The answer gives legal advice.");
        HttpResult blocked = GatewayWorld.post(server, "/v1/chat/completions", world.key().secret(),
                "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(blocked.body()).contains("policy_violation");
        String id = blocked.header("x-request-id");
        assertThat(id).isNotBlank();
        assertThat(PolicyRows.violations(server, id, 1).getFirst()).containsEntry("direction", "OUTPUT");
        assertThat(PolicyRows.alerts(server, id, 1)).hasSize(1);
    }

    @Test
    void aPromptTheJudgeFindsCleanPasses() throws Exception {
        String legal = orgPolicy("legal", LEGAL, "HIGH", 2);
        judge.answerChatWith(verdicts(Verdict.clean(legal)));
        var usage = nextUsage(world.key());
        Sent sent = chat(world.key(), "What is the capital of France?");

        assertThat(sent.result().status()).isEqualTo(200);
        assertThat(provider.requests()).singleElement();
        assertThat(judge.requests()).hasSize(2).allSatisfy(r -> assertThat(FakeProvider.json(r).path("model").asText())
                .isEqualTo("gpt-4o-mini"));
        Map<String, Object> row = usage.get();
        assertThat(row).containsEntry("status", 200).containsEntry("policy_violations", 0).containsEntry("blocks", 0)
                .containsEntry("llm_tokens_in", 2 * JUDGE_IN).containsEntry("llm_tokens_out", 2 * JUDGE_OUT);
        assertThat(violationsNow(sent)).isEmpty();
    }

    @Test
    void anAnthropicJudgeDecidesInItsOwnWireFormat() {
        useJudge(claudeCfg, "claude-haiku-4-5", null, false, null);
        String legal = orgPolicy("legal", LEGAL, "MEDIUM", 2);
        claude.answerChatWith("```json\n" + verdicts(Verdict.violated(legal, "Asks for legal advice.")) + "\n```");
        var usage = nextUsage(world.key());
        Sent sent = chat(world.key(), "Can I break my lease early?");

        assertPolicyError(sent.result(), "legal");
        assertThat(judge.requests()).isEmpty();
        assertThat(claude.requests()).singleElement().satisfies(r ->
                assertThat(FakeProvider.json(r).path("model").asText()).isEqualTo("claude-haiku-4-5"));
        assertThat(PolicyRows.violations(server, sent.requestId(), 1).getFirst())
                .containsEntry("evaluator", "judge").containsEntry("explanation", "Asks for legal advice.");
        assertThat(usage.get()).containsEntry("llm_tokens_in", 21L).containsEntry("llm_tokens_out", 9L);
    }

    @Test
    void aGeminiJudgeDecidesInItsOwnWireFormat() {
        useJudge(geminiCfg, "gemini-2.5-flash", null, false, null);
        String legal = orgPolicy("legal", LEGAL, "MEDIUM", 2);
        gemini.answerChatWith(verdicts(Verdict.violated(legal, "Asks for legal advice.")));
        var usage = nextUsage(world.key());
        Sent sent = chat(world.key(), "Can I break my lease early?");

        assertPolicyError(sent.result(), "legal");
        assertThat(gemini.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).endsWith("/gemini-2.5-flash:generateContent");
            assertThat(FakeProvider.json(r).path("generationConfig").path("responseMimeType").asText()).isEqualTo("application/json");
        });
        assertThat(PolicyRows.violations(server, sent.requestId(), 1).getFirst())
                .containsEntry("evaluator", "judge").containsEntry("explanation", "Asks for legal advice.");
        assertThat(usage.get()).containsEntry("llm_tokens_in", 31L).containsEntry("llm_tokens_out", 6L);
    }

    @Test
    void judgeRedactionMasksTheQuotedSpansInWhatTheProviderReceives() {
        String names = orgPolicy("no names", NAMES, "LOW", 3);
        judge.answerChatWith(r -> asksAboutAnswer(r) ? verdicts(Verdict.clean(names))
                : verdicts(Verdict.violated(names, "Names a customer.", "Jane Roe", "not in the text")));
        Sent sent = chat(world.key(), "Draft a reply to Jane Roe about her refund; Jane Roe is waiting.");

        assertThat(sent.result().status()).isEqualTo(200);
        String received = FakeProvider.json(provider.requests().getLast()).path("messages").get(0).path("content").asText();
        assertThat(received).isEqualTo("Draft a reply to [REDACTED_1] about her refund; [REDACTED_1] is waiting.");
        assertThat(PolicyRows.violations(server, sent.requestId(), 1).getFirst()).containsEntry("block", false)
                .containsEntry("evaluator", "judge").containsEntry("explanation", "Names a customer.");
    }

    @Test
    void judgeBlocksAnAnswer() {
        String legal = orgPolicy("legal", LEGAL, "HIGH", 2);
        judgeBlamesAnswers(legal, "The answer gives legal advice.");
        var usage = nextUsage(world.key());
        Sent sent = chat(world.key(), "Tell me something");

        assertThat(sent.result().status()).isEqualTo(403);
        assertThat(sent.result().json().path("error").path("message").asText()).contains("response was blocked");
        assertThat(sent.result().body()).doesNotContain(FakeOpenAi.TEXT);
        assertThat(provider.requests()).hasSize(1);
        assertThat(judge.requests()).hasSize(2);
        assertThat(judge.requests().getLast().bodyText()).contains(FakeOpenAi.TEXT);
        assertThat(PolicyRows.violations(server, sent.requestId(), 1)).singleElement().satisfies(v -> assertThat(v)
                .containsEntry("direction", "OUTPUT").containsEntry("evaluator", "judge").containsEntry("block", true)
                .containsEntry("explanation", "The answer gives legal advice."));
        assertThat(usage.get()).containsEntry("outcome", "blocked").containsEntry("blocks", 1)
                .containsEntry("llm_tokens_in", 2 * JUDGE_IN).containsEntry("llm_tokens_out", 2 * JUDGE_OUT);
    }

    @Test
    void judgeBlocksABufferedStream() {
        String legal = orgPolicy("legal", LEGAL, "HIGH", 2);
        judgeBlamesAnswers(legal, "The answer gives legal advice.");
        var usage = nextUsage(world.key());
        Sent sent = chat(world.key(), "Tell me something", true);

        assertThat(sent.result().status()).isEqualTo(200);
        String body = sent.result().body();
        assertThat(body).contains("\"type\":\"policy_violation\"").doesNotContain("Hello").doesNotContain("[DONE]");
        assertThat(judge.requests()).hasSize(2);
        assertThat(judge.requests().getLast().bodyText()).contains("Hello from fake OpenAI.");
        assertThat(PolicyRows.violations(server, sent.requestId(), 1)).singleElement().satisfies(v -> assertThat(v)
                .containsEntry("direction", "OUTPUT").containsEntry("evaluator", "judge").containsEntry("block", true));
        assertThat(usage.get()).containsEntry("outcome", "blocked").containsEntry("blocks", 1)
                .containsEntry("llm_tokens_in", 2 * JUDGE_IN);
    }

    @Test
    void judgeRedactionMasksABufferedStream() {
        String names = orgPolicy("no names", NAMES, "LOW", 3);
        judge.answerChatWith(r -> asksAboutAnswer(r) ? verdicts(Verdict.violated(names, "Names someone.", "fake OpenAI"))
                : verdicts(Verdict.clean(names)));
        Sent sent = chat(world.key(), "Say hello", true);

        assertThat(sent.result().status()).isEqualTo(200);
        String body = sent.result().body();
        assertThat(body).doesNotContain("fake OpenAI").endsWith("data: [DONE]\n\n");
        assertThat(PolicyEnforcementTest.streamedText(body)).isEqualTo("Hello from [REDACTED_1].");
        assertThat(PolicyRows.violations(server, sent.requestId(), 1).getFirst()).containsEntry("direction", "OUTPUT")
                .containsEntry("evaluator", "judge").containsEntry("block", false);
    }

    @Test
    void asyncJudgeOnAStreamJudgesTheWholeAnswerAfterItWasSent() throws Exception {
        useJudge(judgeCfg, "gpt-4o-mini", null, true, 10_000);
        String legal = orgPolicy("legal", LEGAL, "MEDIUM", 1);
        judgeBlamesAnswers(legal, "The answer gives legal advice.");
        judge.delay(Duration.ofMillis(2000));
        var usage = nextUsage(world.key());
        Sent sent = chat(world.key(), "Say hello", true);

        assertThat(PolicyEnforcementTest.streamedText(sent.result().body())).isEqualTo("Hello from fake OpenAI.");
        assertThat(sent.millis()).as("the stream did not wait for the judge").isLessThan(1500);
        assertThat(violationsNow(sent)).isEmpty();
        assertThat(PolicyRows.violations(server, sent.requestId(), 1)).singleElement().satisfies(v -> assertThat(v)
                .containsEntry("direction", "OUTPUT").containsEntry("evaluator", "judge").containsEntry("block", false));
        assertThat(judge.requests().getLast().bodyText()).contains("Hello from fake OpenAI.");
        assertThat(usage.get()).containsEntry("alerts", 1).containsEntry("outcome", "ok")
                .containsEntry("llm_tokens_in", 2 * JUDGE_IN);
    }

    @Test
    void judgeAlertIsRecordedAndPostedSignedToTheWebhook() throws Exception {
        HttpResult saved = server.owner().api().put("/organization/" + world.orgId() + "/settings", Map.of("webhooks",
                List.of(Map.of("url", receiver.url("/hook"), "secret", WEBHOOK_SECRET))));
        assertThat(saved.status()).isEqualTo(200);
        String legal = orgPolicy("legal", LEGAL, "HIGH", 1);
        judge.answerChatWith(r -> asksAboutAnswer(r) ? verdicts(Verdict.clean(legal))
                : verdicts(Verdict.violated(legal, "Asks about a lawsuit.")));
        var usage = nextUsage(world.key());
        Sent sent = chat(world.key(), "How do I sue Acme?");

        assertThat(sent.result().status()).isEqualTo(200);
        assertThat(PolicyRows.alerts(server, sent.requestId(), 1).getFirst()).containsEntry("policy_name", "legal")
                .containsEntry("message", "Asks about a lawsuit.");
        await().atMost(Duration.ofSeconds(10)).until(() -> !receiver.received.isEmpty());
        WebhookReceiver.Received hook = receiver.received.getFirst();
        assertThat(WebhookSignature.matches(WEBHOOK_SECRET, hook.body(), hook.header("X-Gatehouse-Signature"))).isTrue();
        assertThat(hook.header("X-Gatehouse-Event")).isEqualTo("policy.alert");
        JsonNode payload = JSON.readTree(hook.body());
        assertThat(payload.path("requestId").asText()).isEqualTo(sent.requestId());
        assertThat(payload.path("policyId").asText()).isEqualTo(legal);
        assertThat(payload.path("message").asText()).isEqualTo("Asks about a lawsuit.");
        assertThat(payload.path("direction").asText()).isEqualTo("INPUT");
        assertThat(payload.path("orgId").asText()).isEqualTo(world.orgId());
        assertThat(usage.get()).containsEntry("alerts", 1).containsEntry("policy_violations", 1);
    }

    @Test
    void asyncJudgeKeepsTheJudgeOffTheRequestPath() throws Exception {
        useJudge(judgeCfg, "gpt-4o-mini", null, true, 10_000);
        String logged = orgPolicy("a legal", LEGAL, "LOW", 0);
        String alerted = orgPolicy("b names", NAMES, "MEDIUM", 1);
        judge.answerChatWith(r -> asksAboutAnswer(r) ? verdicts(Verdict.clean(logged), Verdict.clean(alerted))
                : verdicts(Verdict.violated(logged, "Legal question."), Verdict.violated(alerted, "Names a customer.")));
        Duration judgeDelay = Duration.ofMillis(2000);
        judge.delay(judgeDelay);
        var usage = nextUsage(world.key());
        Sent sent = chat(world.key(), "Can Jane Roe sue Acme?");

        assertThat(sent.result().status()).isEqualTo(200);
        assertThat(sent.result().json().path("choices").path(0).path("message").path("content").asText()).isEqualTo(FakeOpenAi.TEXT);
        assertThat(sent.millis()).as("answered without waiting for the judge").isLessThan(judgeDelay.toMillis() - 500);
        assertThat(violationsNow(sent)).as("no verdict yet when the answer arrived").isEmpty();

        var rows = PolicyRows.violations(server, sent.requestId(), 2);
        assertThat(rows).extracting(r -> r.get("direction")).containsOnly("INPUT");
        assertThat(rows).extracting(r -> r.get("explanation")).containsExactly("Legal question.", "Names a customer.");
        assertThat(PolicyRows.alerts(server, sent.requestId(), 1)).singleElement()
                .satisfies(a -> assertThat(a).containsEntry("policy_name", "b names"));
        assertThat(judge.requests()).hasSize(2);
        assertThat(usage.get()).containsEntry("policy_violations", 2).containsEntry("alerts", 1)
                .containsEntry("llm_tokens_in", 2 * JUDGE_IN).containsEntry("llm_tokens_out", 2 * JUDGE_OUT);
    }

    @Test
    void aJudgeThatTimesOutFailsOpenOrClosedAsTheOrganizationSays() {
        orgPolicy("legal", LEGAL, "HIGH", 2);
        judge.delay(Duration.ofMillis(1500));
        String before = Prometheus.scrape(server);

        useJudge(judgeCfg, "gpt-4o-mini", true, false, 200);
        Sent open = chat(world.key(), "How do I sue Acme?");
        assertThat(open.result().status()).isEqualTo(200);
        assertThat(provider.requests()).hasSize(1);

        useJudge(judgeCfg, "gpt-4o-mini", false, false, 200);
        var usage = nextUsage(world.key());
        Sent closed = chat(world.key(), "How do I sue Acme?");
        assertPolicyError(closed.result(), "legal");
        assertThat(provider.requests()).hasSize(1);
        assertThat(PolicyRows.violations(server, closed.requestId(), 1).getFirst())
                .containsEntry("explanation", "judge unavailable").containsEntry("evaluator", "judge");
        assertThat(usage.get()).containsEntry("outcome", "blocked").containsEntry("blocks", 1);

        String after = Prometheus.scrape(server);
        // open: the input call; closed: the input call (the open request's answer was judged and failed open too)
        assertThat(Prometheus.delta(before, after, "gatehouse_policy_judge_fail_mode_total", "mode", "open")).isEqualTo(2);
        assertThat(Prometheus.delta(before, after, "gatehouse_policy_judge_fail_mode_total", "mode", "closed")).isEqualTo(1);
        assertThat(Prometheus.delta(before, after, "gatehouse_policy_judge_failures_total")).isEqualTo(3);
        assertThat(Prometheus.delta(before, after, "gatehouse_judge_duration_seconds_count", "outcome", "timeout")).isEqualTo(3);
        assertThat(Prometheus.delta(before, after, "gatehouse_policy_outcomes_total", "action", "block")).isEqualTo(1);
    }

    @Test
    void aJudgeThatErrsFailsOpenOrClosedAsTheOrganizationSays() {
        orgPolicy("legal", LEGAL, "HIGH", 2);
        String before = Prometheus.scrape(server);

        useJudge(judgeCfg, "gpt-4o-mini", false, false, null);
        judge.failNext(judge.serverError());
        Sent closed = chat(world.key(), "How do I sue Acme?");
        assertPolicyError(closed.result(), "legal");
        assertThat(provider.requests()).isEmpty();

        useJudge(judgeCfg, "gpt-4o-mini", true, false, null);
        judge.answerChatWith("Sorry, I cannot help with that.");
        var usage = nextUsage(world.key());
        Sent open = chat(world.key(), "How do I sue Acme?");
        assertThat(open.result().status()).isEqualTo(200);
        assertThat(provider.requests()).hasSize(1);
        // unusable answers (prompt and completion) still cost the judge's tokens
        assertThat(usage.get()).containsEntry("policy_violations", 0).containsEntry("llm_tokens_in", 2 * JUDGE_IN)
                .containsEntry("llm_tokens_out", 2 * JUDGE_OUT);

        String after = Prometheus.scrape(server);
        assertThat(Prometheus.delta(before, after, "gatehouse_policy_judge_fail_mode_total", "mode", "closed")).isEqualTo(1);
        assertThat(Prometheus.delta(before, after, "gatehouse_policy_judge_fail_mode_total", "mode", "open")).isEqualTo(2);
    }

    @Test
    void theSamePromptIsJudgedOnce() {
        String legal = orgPolicy("legal", LEGAL, "HIGH", 2);
        judge.answerChatWith(verdicts(Verdict.violated(legal, "Legal advice.")));
        String before = Prometheus.scrape(server);
        var firstUsage = nextUsage(world.key());
        Sent first = chat(world.key(), "How do I sue Acme?");
        firstUsage.get();
        var secondUsage = nextUsage(world.key());
        Sent second = chat(world.key(), "How do I sue Acme?");

        assertPolicyError(first.result(), "legal");
        assertPolicyError(second.result(), "legal");
        assertThat(judge.requests()).hasSize(1);
        assertThat(PolicyRows.violations(server, second.requestId(), 1).getFirst()).containsEntry("explanation", "Legal advice.");
        assertThat(secondUsage.get()).containsEntry("llm_tokens_in", 0L).containsEntry("blocks", 1);
        String after = Prometheus.scrape(server);
        assertThat(Prometheus.delta(before, after, "gatehouse_policy_verdict_cache_hits_total")).isEqualTo(1);
        assertThat(Prometheus.delta(before, after, "gatehouse_policy_judge_calls_total")).isEqualTo(1);
    }

    @Test
    void judgeRulesApplyOnlyWithinTheirScope() {
        String repoRule = policy(new Scope(world.orgId(), world.ws(), world.otherRepo()), "repo legal", LEGAL, "HIGH", 2);
        String wsRule = policy(new Scope(world.orgId(), world.otherWs(), null), "ws names", NAMES, "HIGH", 2);
        judge.answerChatWith(r -> {
            String body = r.bodyText();
            return body.contains(repoRule) ? verdicts(Verdict.violated(repoRule, "Legal."))
                    : verdicts(Verdict.violated(wsRule, "Names."));
        });

        assertThat(chat(world.key(), "How do I sue Acme?").result().status()).isEqualTo(200);
        assertThat(judge.requests()).as("no judge rule applies to the first repository").isEmpty();

        Sent repoScoped = chat(world.otherKey(), "How do I sue Acme?");
        assertPolicyError(repoScoped.result(), "repo legal");
        assertThat(judge.requests()).singleElement().satisfies(r ->
                assertThat(r.bodyText()).contains(repoRule).doesNotContain(wsRule));

        Sent wsScoped = chat(world.otherWsKey(), "Write to Jane Roe");
        assertPolicyError(wsScoped.result(), "ws names");
        assertThat(judge.requests().getLast().bodyText()).contains(wsRule).doesNotContain(repoRule);
        assertThat(PolicyRows.violations(server, wsScoped.requestId(), 1).getFirst()).containsEntry("repo_name", "second app")
                .containsEntry("workspace_id", world.otherWs());
    }
}

package io.gatehouse.platform.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.store.Ids;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /policy/validate} and {@code POST /policy/recommend} end to end: a real node, the organization's judge
 * set in org_settings (by SQL: the settings API is not here yet) and answered by fake OpenAI and Anthropic servers
 * whose answers the tests script; what the judge is asked, how its answer is combined with the deterministic checks,
 * and who may ask about which scope.
 */
@Tag("db")
class PolicyAdviceResourceTest {
    static final String KEY = "sk-advice-judge-0123456789abcdef";
    static final String GOOD = "Never send customer e-mail addresses or phone numbers to the model";
    static final String SHORT = "be nice";

    static TestServer server;
    static FakeOpenAi openai;
    static FakeAnthropic anthropic;
    static Session owner;
    static String workspaceId;
    static String openAiJudgeId;
    static String anthropicJudgeId;
    static String repoId;

    @BeforeAll
    static void start() {
        openai = new FakeOpenAi(KEY);
        anthropic = new FakeAnthropic(KEY);
        server = TestServer.start();
        owner = server.owner();
        workspaceId = server.defaultWorkspace(owner);
        openAiJudgeId = PlatformCalls.aiLlm(owner.api(), workspaceId, "judge-openai", "OPENAI", openai.endpoint(), KEY);
        anthropicJudgeId = PlatformCalls.aiLlm(owner.api(), workspaceId, "judge-claude", "ANTHROPIC", anthropic.endpoint(), KEY);
        repoId = PlatformCalls.repo(owner.api(), workspaceId, "support-bot", openAiJudgeId);
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
        anthropic.close();
    }

    @BeforeEach
    void reset() {
        openai.reset();
        anthropic.reset();
        judge(owner.orgId(), openAiJudgeId, "gpt-4o-mini");
    }

    static void judge(String orgId, String aiLlmId, String model) {
        server.node().database().jdbi().useHandle(h -> {
            h.createUpdate("DELETE FROM org_settings WHERE org_id = :org").bind("org", orgId).execute();
            if (aiLlmId != null) {
                h.createUpdate("""
                                INSERT INTO org_settings (org_id, judge_ai_llm_id, judge_model, async_judge, updated_at)
                                VALUES (:org, :llm, :model, FALSE, :now)""")
                        .bind("org", orgId).bind("llm", aiLlmId).bind("model", model).bind("now", Instant.now()).execute();
            }
        });
    }

    static Map<String, Object> validateBody(String... uuidAndContent) {
        List<Map<String, String>> policies = new ArrayList<>();
        for (int i = 0; i < uuidAndContent.length; i += 2) {
            policies.add(Map.of("policy_uuid", uuidAndContent[i], "content", uuidAndContent[i + 1]));
        }
        return Map.of("policies", policies);
    }

    static final String JUDGED = """
            {"results":[
              {"policy_uuid":"p-short","score":70,"advice":"Say what 'nice' means.","severity":"low",
               "issues":[{"type":"ambiguity","description":"'nice' is undefined.","suggestion":"Name the behaviour."},
                         {"type":"weird-type","description":"Applies to nothing specific.","suggestion":"Scope it."}]},
              {"policy_uuid":"p-good","score":92,"advice":"Clear and enforceable.","severity":"none","issues":[]}]}""";

    @Test
    void validateCombinesTheJudgeWithTheCertainChecks() {
        openai.answerChatWith(JUDGED);
        HttpResult r = owner.api().post("/policy/validate", validateBody("p-good", GOOD, "p-short", SHORT));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode results = r.json().path("results");
        assertThat(r.json().path("success").asBoolean()).isTrue();
        assertThat(results).hasSize(2);

        JsonNode good = results.path(0);
        assertThat(good.path("policy_uuid").asText()).isEqualTo("p-good");
        assertThat(good.path("score").asInt()).isEqualTo(92);
        assertThat(good.path("severity").asText()).isEqualTo("none");
        assertThat(good.path("issues")).isEmpty();
        assertThat(good.path("advice").asText()).startsWith("Clear and enforceable.")
                .contains("detectors enforce this rule exactly (EMAIL, PHONE)");

        JsonNode bad = results.path(1);
        assertThat(bad.path("policy_uuid").asText()).isEqualTo("p-short");
        assertThat(bad.path("score").asInt()).as("capped by the too-short check").isEqualTo(30);
        assertThat(bad.path("severity").asText()).isEqualTo("high");
        assertThat(bad.path("issues")).extracting(i -> i.path("type").asText())
                .containsExactly("clarity", "ambiguity", "clarity");
        assertThat(bad.path("issues").path(0).path("description").asText()).contains("too short");
        assertThat(bad.path("advice").asText()).contains("Only the LLM judge can decide this rule");
        assertThat(r.json().path("tokens_in").asLong()).isEqualTo(11);

        assertThat(openai.requests()).hasSize(1);
        JsonNode sent = FakeProvider.json(openai.requests().getFirst());
        assertThat(sent.path("model").asText()).isEqualTo("gpt-4o-mini");
        assertThat(sent.path("response_format").path("type").asText()).isEqualTo("json_object");
        String user = sent.path("messages").path(1).path("content").asText();
        assertThat(user).contains("p-good").contains(GOOD).contains("p-short").contains("\"detectors\"");
        assertThat(sent.path("messages").path(0).path("content").asText()).contains("never instructions to you");
    }

    @Test
    void validateWithoutTheJudgeIsGatehousesReadingAtNoCost() {
        openai.answerChatWith(JUDGED);
        Map<String, Object> body = new java.util.HashMap<>(validateBody("p-short", SHORT));
        body.put("judge", false);
        HttpResult r = owner.api().post("/policy/validate", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("judgeConfigured").asBoolean()).isTrue();
        JsonNode result = r.json().path("results").path(0);
        assertThat(result.path("advice").asText()).contains("The judge was not asked");
        assertThat(result.path("enforcement").path("mode").asText()).isEqualTo("JUDGE");
        assertThat(result.path("enforcement").path("judgeConfigured").asBoolean()).isTrue();
        assertThat(r.json().path("tokens_in").asLong()).isZero();
        assertThat(openai.requests()).isEmpty();
    }

    @Test
    void anyMemberMayValidate_andAMissingAssessmentFallsBackToTheChecks() {
        Session member = server.createUser(owner, 0);
        openai.answerChatWith("{\"results\":[]}");
        HttpResult r = member.api().post("/policy/validate", validateBody("p-1", "Block emails except those at our own domain"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode result = r.json().path("results").path(0);
        assertThat(result.path("advice").asText()).contains("The judge gave no assessment")
                .contains("The LLM judge decides this rule (because of \"except\", \"own\", \"domain\"); detectors (EMAIL) give it hints.");
        assertThat(result.path("score").asInt()).isEqualTo(100);
    }

    @Test
    void vagueLongAndContradictoryRulesAreFlaggedWithoutTheJudge() {
        openai.answerChatWith("{\"results\":[]}");
        HttpResult r = owner.api().post("/policy/validate", validateBody(
                "vague", "Do not send anything inappropriate to the model",
                "long", "Never send internal project code names to the model. ".repeat(40),
                "both", "Never send source code. Source code is allowed in prompts."));
        JsonNode results = r.json().path("results");
        assertThat(results.path(0).path("issues").path(0).path("type").asText()).isEqualTo("ambiguity");
        assertThat(results.path(1).path("issues").path(0).path("type").asText()).isEqualTo("verbosity");
        assertThat(results.path(2).path("issues").path(0).path("description").asText()).contains("both allows and forbids");
        assertThat(results).allSatisfy(res -> assertThat(res.path("severity").asText()).isEqualTo("medium"));
    }

    @Test
    void withoutAJudgeValidateAnswersTheDetectorReadingAndLintButRecommendSays422() {
        judge(owner.orgId(), null, null);
        HttpResult v = owner.api().post("/policy/validate", validateBody("p", GOOD, "vip",
                "Block emails of VIP customers", "short", "No PII"));
        assertThat(v.status()).as(v.toString()).isEqualTo(200);
        assertThat(v.json().path("judgeConfigured").asBoolean()).isFalse();
        assertThat(v.json().path("tokens_in").asLong()).isZero();
        JsonNode good = v.json().path("results").path(0);
        assertThat(good.path("score").asInt()).isEqualTo(100);
        assertThat(good.path("advice").asText()).contains("detectors enforce this rule exactly (EMAIL, PHONE)")
                .contains("No judge is configured");
        assertThat(good.path("enforcement").path("mode").asText()).isEqualTo("DETECTORS");
        JsonNode vip = v.json().path("results").path(1);
        assertThat(vip.path("enforcement").path("mode").asText()).isEqualTo("JUDGE");
        assertThat(vip.path("enforcement").path("unrecognized").toString()).isEqualTo("[\"VIP\"]");
        assertThat(vip.path("advice").asText()).contains("because of \"VIP\"");
        JsonNode shortRule = v.json().path("results").path(2);
        assertThat(shortRule.path("score").asInt()).isEqualTo(30);
        assertThat(shortRule.path("issues").path(0).path("description").asText()).contains("too short");
        assertThat(shortRule.path("enforcement").path("mode").asText()).isEqualTo("DETECTORS_AND_JUDGE");
        HttpResult rec = owner.api().post("/policy/recommend", Map.of("level", 0, "prompt", "We run a support chatbot."));
        assertThat(rec.status()).isEqualTo(422);
        assertThat(openai.requests()).isEmpty();
    }

    @Test
    void aFailingJudgeIs502WithoutSecrets() {
        openai.failNext(openai.serverError());
        HttpResult r = owner.api().post("/policy/validate", validateBody("p", GOOD));
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.text("message")).contains("HTTP 500").contains("judge-openai").doesNotContain(KEY);

        openai.answerChatWith("Sorry, I cannot review policies.");
        r = owner.api().post("/policy/validate", validateBody("p", GOOD));
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.text("message")).contains("did not answer with a JSON object");
    }

    @Test
    void badInputIsRefusedBeforeTheJudgeIsAsked() {
        assertThat(owner.api().post("/policy/validate", Map.of()).status()).isEqualTo(400);
        assertThat(owner.api().post("/policy/validate", Map.of("policies", List.of(Map.of("policy_uuid", "x")))).status())
                .isEqualTo(400);
        List<Map<String, String>> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(Map.of("policy_uuid", "p" + i, "content", GOOD));
        }
        assertThat(owner.api().post("/policy/validate", Map.of("policies", many)).status()).isEqualTo(422);
        assertThat(owner.api().post("/policy/recommend", Map.of("prompt", "x")).status()).isEqualTo(400);
        assertThat(owner.api().post("/policy/recommend", Map.of("level", 3, "prompt", "x")).status()).isEqualTo(422);
        assertThat(owner.api().post("/policy/recommend", Map.of("level", 1, "prompt", "x")).status()).isEqualTo(400);
        assertThat(openai.requests()).isEmpty();
    }

    static final String RECOMMENDED = """
            {"recommended_policies":[
              {"name":"No card numbers","content":"Never send payment card numbers to the model.","riskType":"HIGH","alertType":"block"},
              {"name":"Competitors","content":"Do not discuss competitors' pricing.","riskType":"medium","alertType":"page"},
              {"name":"Empty","content":"  ","riskType":"low","alertType":"log"}]}""";

    @Test
    void recommendForTheOrganizationWithAnAnthropicJudge() {
        judge(owner.orgId(), anthropicJudgeId, "claude-haiku-4-5");
        server.node().database().jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO policy (id, org_id, name, content, risk_type, action_type, enabled, created_by,
                                            created_at, last_updated_by, last_updated_at)
                        VALUES (:id, :org, 'Keys', 'No API keys in prompts', 'HIGH', 2, TRUE, :user, :now, :user, :now)""")
                .bind("id", Ids.newId()).bind("org", owner.orgId()).bind("user", owner.userId())
                .bind("now", Instant.now()).execute());
        anthropic.answerChatWith("```json\n" + RECOMMENDED + "\n```");

        HttpResult r = owner.api().post("/policy/recommend", Map.of("level", 0,
                "prompt", "We are a fintech running a customer support chatbot."));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("level").asInt()).isZero();
        assertThat(body.path("uuid").asText()).isEqualTo(owner.orgId());
        assertThat(body.path("tokens_in").asLong()).isEqualTo(21);
        assertThat(body.path("tokens_out").asLong()).isEqualTo(9);
        JsonNode recommended = body.path("recommended_policies");
        assertThat(recommended).hasSize(2);
        assertThat(recommended.path(0).path("content").asText()).isEqualTo("Never send payment card numbers to the model.");
        assertThat(recommended.path(0).path("riskType").asText()).isEqualTo("high");
        assertThat(recommended.path(0).path("alertType").asText()).isEqualTo("block");
        assertThat(recommended.path(0).path("name").asText()).isEqualTo("No card numbers");
        assertThat(recommended.path(1).path("alertType").asText()).as("unknown values fall back").isEqualTo("alert");

        JsonNode sent = FakeProvider.json(anthropic.requests().getFirst());
        assertThat(sent.path("model").asText()).isEqualTo("claude-haiku-4-5");
        String user = sent.path("messages").path(0).path("content").toString();
        assertThat(user).contains("fintech").contains("the whole organization").contains("No API keys in prompts");
    }

    @Test
    void recommendNeedsVisibilityOfTheScope() {
        openai.answerChatWith(RECOMMENDED);
        Session member = server.createUser(owner, 0);
        Map<String, Object> ws = Map.of("level", 1, "uuid", workspaceId, "prompt", "Support team");
        Map<String, Object> repo = Map.of("level", 2, "uuid", repoId, "prompt", "Support bot");
        assertThat(member.api().post("/policy/recommend", ws).status()).isEqualTo(404);
        assertThat(member.api().post("/policy/recommend", repo).status()).isEqualTo(404);
        assertThat(member.api().post("/policy/recommend", Map.of("level", 0, "uuid", Ids.newId(), "prompt", "x")).status())
                .isEqualTo(404);
        assertThat(openai.requests()).isEmpty();

        PlatformCalls.member(owner.api(), workspaceId, member.userId(), "READ");
        HttpResult r = member.api().post("/policy/recommend", repo);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().path("level").asInt()).isEqualTo(2);
        assertThat(r.json().path("uuid").asText()).isEqualTo(repoId);
        assertThat(r.json().path("recommended_policies")).hasSize(2);
        assertThat(FakeProvider.json(openai.requests().getFirst()).path("messages").path(1).path("content").asText())
                .contains("the repository \"support-bot\"");

        Session stranger = server.registerOrganization("Globex");
        assertThat(stranger.api().post("/policy/recommend", ws).status()).isEqualTo(404);
    }
}

package io.gatehouse.platform.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.gatehouse.testing.PlatformCalls.aiLlm;
import static io.gatehouse.testing.PlatformCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every policy answer says how it is enforced, and a rule never silently blocks all traffic: a BLOCK or REDACT
 * rule that needs the judge is refused ({@code 422 judge_required}) while the organization has no judge, and the
 * judge cannot be removed while such rules are enabled.
 */
@Tag("db")
class JudgeRequiredTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResult create(Api api, String content, int action, boolean enabled) {
        return api.post("/policy", body("name", "rule " + content.hashCode(), "content", content, "riskType", "HIGH",
                "actionType", action, "enabled", enabled));
    }

    private static void refused(HttpResult r, String... words) {
        assertThat(r.status()).as(r.toString()).isEqualTo(422);
        assertThat(r.text("error_code")).isEqualTo("judge_required");
        assertThat(r.text("message")).contains("judge").contains(words);
    }

    @Test
    void aDetectorRuleIsCreatedWithItsEnforcementInEveryAnswer() {
        Session owner = server.registerOrganization("Enforcement Shown");
        Api api = owner.api();
        HttpResult created = create(api, "Redact phone numbers before they reach the model.", 3, true);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode enforcement = created.json().path("policy").path("enforcement");
        assertThat(enforcement.path("mode").asText()).isEqualTo("DETECTORS");
        assertThat(enforcement.path("detectors").toString()).isEqualTo("[\"PHONE\"]");
        assertThat(enforcement.path("unrecognized").isEmpty()).isTrue();
        assertThat(enforcement.path("judgeConfigured").asBoolean()).isFalse();
        String id = created.text("policyId");
        assertThat(api.get("/policy/" + id).json().path("policy").path("enforcement")).isEqualTo(enforcement);
        assertThat(api.get("/policy?orgId=" + owner.orgId()).json().path("policies").get(0).path("enforcement"))
                .isEqualTo(enforcement);
        HttpResult updated = api.put("/policy/" + id, body("content", "No PII"));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(422);
        HttpResult logged = api.put("/policy/" + id, body("content", "No PII such as names", "actionType", 0));
        assertThat(logged.status()).as(logged.toString()).isEqualTo(200);
        JsonNode partial = logged.json().path("policy").path("enforcement");
        assertThat(partial.path("mode").asText()).isEqualTo("DETECTORS_AND_JUDGE");
        assertThat(partial.path("unrecognized").toString()).isEqualTo("[\"PII\",\"names\"]");
    }

    @Test
    void aBlockRuleNeedingTheJudgeIsRefusedWithoutOneNamingWordsAndARewording() {
        Api api = server.registerOrganization("Judge Required Create").api();
        HttpResult r = create(api, "Block emails of VIP customers", 2, true);
        refused(r, "\"VIP\"", "Block e-mail addresses.");
        assertThat(r.json().path("unrecognized").toString()).isEqualTo("[\"VIP\"]");
        assertThat(r.text("suggestion")).isEqualTo("Block e-mail addresses.");
        assertThat(r.json().path("enforcement").path("mode").asText()).isEqualTo("JUDGE");
    }

    @Test
    void aRedactRuleNamingNothingDetectorsFindIsRefusedWithoutARewording() {
        Api api = server.registerOrganization("Judge Required Topic").api();
        HttpResult r = create(api, "Redact customer home addresses", 3, true);
        refused(r, "\"home addresses\"");
        assertThat(r.json().path("suggestion").isNull()).isTrue();
    }

    @Test
    void aPartlyCoveredBlockRuleIsRefusedToo() {
        Api api = server.registerOrganization("Judge Required Partial").api();
        refused(create(api, "Never send passwords or API keys to the model", 2, true), "\"passwords\"", "Block API keys.");
    }

    @Test
    void logAlertAndDisabledRulesNeedingTheJudgeAreAcceptedButEnablingABlockOneIsRefused() {
        Api api = server.registerOrganization("Judge Required Update").api();
        HttpResult logged = create(api, "Don't discuss competitors", 0, true);
        assertThat(logged.status()).as(logged.toString()).isEqualTo(200);
        assertThat(logged.json().path("policy").path("enforcement").path("mode").asText()).isEqualTo("JUDGE");
        assertThat(create(api, "Alert on emails of VIP customers", 1, true).status()).isEqualTo(200);
        HttpResult disabled = create(api, "Block emails of VIP customers", 2, false);
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        String id = disabled.text("policyId");
        refused(api.put("/policy/" + id, body("enabled", true)), "\"VIP\"");
        refused(api.put("/policy/" + logged.text("policyId"), body("actionType", 2)), "BLOCK");
        assertThat(api.get("/policy/" + id).json().path("policy").path("enabled").asBoolean()).isFalse();
    }

    @Test
    void withAJudgeTheRuleIsAcceptedAndTheJudgeCannotBeRemovedWhileItIsEnabled() {
        Session owner = server.registerOrganization("Judge Required Settings");
        Api api = owner.api();
        String judge = aiLlm(api, server.defaultWorkspace(owner), "judge", "OPENAI", null, "sk-judge-0123456789abcdef");
        String settings = "/organization/" + owner.orgId() + "/settings";
        assertThat(api.put(settings, body("judgeAiLlmId", judge, "judgeModel", "gpt-4o-mini")).status()).isEqualTo(200);
        HttpResult created = create(api, "Block emails of VIP customers", 2, true);
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().path("policy").path("enforcement").path("judgeConfigured").asBoolean()).isTrue();

        HttpResult removal = api.put(settings, body("judgeAiLlmId", null, "judgeModel", null));
        refused(removal, "'rule " + "Block emails of VIP customers".hashCode() + "'");
        JsonNode named = removal.json().path("policies").get(0);
        assertThat(named.path("id").asText()).isEqualTo(created.text("policyId"));
        assertThat(named.path("unrecognized").toString()).isEqualTo("[\"VIP\"]");
        assertThat(named.path("suggestion").asText()).isEqualTo("Block e-mail addresses.");
        assertThat(api.get(settings).json().path("settings").path("judgeAiLlmId").asText()).isEqualTo(judge);

        assertThat(api.put("/policy/" + created.text("policyId"), body("enabled", false)).status()).isEqualTo(200);
        assertThat(api.put(settings, body("judgeAiLlmId", null, "judgeModel", null)).status()).isEqualTo(200);
    }
}

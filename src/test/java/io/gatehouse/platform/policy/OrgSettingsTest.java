package io.gatehouse.platform.policy;

import io.gatehouse.store.SealedColumns;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.crypto.MasterKeyring;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.gatehouse.testing.PlatformCalls.body;
import static io.gatehouse.testing.PlatformCalls.aiLlm;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /organization/{orgId}/settings}: the judge, its failure mode, and alert webhooks with sealed secrets. */
@Tag("db")
class OrgSettingsTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode put(Session as, Map<String, Object> body) {
        HttpResult r = as.api().put("/organization/" + as.orgId() + "/settings", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().path("settings");
    }

    private static List<String> column(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.database().connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    @Test
    void aNewOrganizationHasTheDefaultsAndOnlyManagersSeeThem() {
        Session owner = server.registerOrganization("Settings Defaults");
        HttpResult r = owner.api().get("/organization/" + owner.orgId() + "/settings");
        assertThat(r.status()).isEqualTo(200);
        JsonNode s = r.json().path("settings");
        assertThat(s.path("orgId").asText()).isEqualTo(owner.orgId());
        assertThat(s.path("judgeAiLlmId").isNull()).isTrue();
        assertThat(s.path("judgeModel").isNull()).isTrue();
        assertThat(s.path("failOpen").isNull()).isTrue();
        assertThat(s.path("asyncJudge").asBoolean()).isFalse();
        assertThat(s.path("judgeTimeoutMs").isNull()).isTrue();
        assertThat(s.path("webhooks").isEmpty()).isTrue();
        assertThat(s.path("updatedAt").isNull()).isTrue();

        Session user = server.createUser(owner, 0);
        Session workspaces = server.createUser(owner, 2);
        Session admin = server.createUser(owner, 254);
        for (Session refused : List.of(user, workspaces)) {
            assertThat(refused.api().get("/organization/" + owner.orgId() + "/settings").status()).isEqualTo(403);
            assertThat(refused.api().put("/organization/" + owner.orgId() + "/settings", body("asyncJudge", true)).status()).isEqualTo(403);
        }
        assertThat(put(admin, body("asyncJudge", true)).path("asyncJudge").asBoolean()).isTrue();

        Session other = server.owner();
        assertThat(other.api().get("/organization/" + owner.orgId() + "/settings").status()).isEqualTo(404);
        assertThat(other.api().put("/organization/" + owner.orgId() + "/settings", body("asyncJudge", false)).status()).isEqualTo(404);
        assertThat(other.api().get("/organization/" + UUID.randomUUID() + "/settings").status()).isEqualTo(404);
        assertThat(other.api().get("/organization/not-an-org/settings").status()).isEqualTo(404);
    }

    @Test
    void theJudgeIsAConfigurationOfTheOrganization() {
        Session owner = server.registerOrganization("Settings Judge");
        Api api = owner.api();
        String ws = server.defaultWorkspace(owner);
        String judge = aiLlm(api, ws, "judge", "OPENAI", null, "sk-judge-0123456789abcdef");
        Session rival = server.registerOrganization("Settings Judge Rival");
        String rivalConfig = aiLlm(rival.api(), server.defaultWorkspace(rival), "rival", "OPENAI", null, "sk-rival-0123456789abcdef");

        JsonNode s = put(owner, body("judgeAiLlmId", judge, "judgeModel", "gpt-4o-mini", "failOpen", false, "judgeTimeoutMs", 3000));
        assertThat(s.path("judgeAiLlmId").asText()).isEqualTo(judge);
        assertThat(s.path("judgeModel").asText()).isEqualTo("gpt-4o-mini");
        assertThat(s.path("failOpen").asBoolean()).isFalse();
        assertThat(s.path("failOpen").isBoolean()).isTrue();
        assertThat(s.path("judgeTimeoutMs").asInt()).isEqualTo(3000);
        assertThat(s.path("updatedBy").asText()).isEqualTo(owner.userId());
        // Fields not sent stay; a field sent as null goes back to its default.
        s = put(owner, body("failOpen", null, "asyncJudge", true));
        assertThat(s.path("failOpen").isNull()).isTrue();
        assertThat(s.path("judgeModel").asText()).isEqualTo("gpt-4o-mini");
        assertThat(s.path("judgeTimeoutMs").asInt()).isEqualTo(3000);
        assertThat(api.get("/organization/" + owner.orgId() + "/settings").json().path("settings")).isEqualTo(s);

        HttpResult foreign = api.put("/organization/" + owner.orgId() + "/settings", body("judgeAiLlmId", rivalConfig));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.text("message")).contains("judgeAiLlmId");
        assertThat(api.put("/organization/" + owner.orgId() + "/settings", body("judgeAiLlmId", UUID.randomUUID().toString())).status()).isEqualTo(404);
        assertThat(api.put("/organization/" + owner.orgId() + "/settings", body("judgeAiLlmId", "judge")).status()).isEqualTo(404);
        HttpResult noModel = api.put("/organization/" + owner.orgId() + "/settings", body("judgeModel", null));
        assertThat(noModel.status()).isEqualTo(422);
        assertThat(noModel.text("message")).contains("judgeModel is required");

        // The judge's configuration cannot be deleted from under it; once unset, it can.
        HttpResult refused = api.delete("/ai/llm/" + judge);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.text("message")).contains("policy judge");
        assertThat(put(owner, body("judgeAiLlmId", null, "judgeModel", null)).path("judgeAiLlmId").isNull()).isTrue();
        assertThat(api.delete("/ai/llm/" + judge).status()).isEqualTo(200);

        JsonNode events = api.get("/systemevent?context=orgsettings").json().path("events");
        assertThat(events.size()).isEqualTo(3);
        assertThat(events.get(0).path("contextId").asText()).isEqualTo(owner.orgId());
        assertThat(events.get(2).path("details").path("judgeAiLlmId").asText()).isEqualTo(judge);
    }

    @Test
    void badSettingsAreRefused() {
        Session owner = server.registerOrganization("Settings Bad Input");
        String path = "/organization/" + owner.orgId() + "/settings";
        Api api = owner.api();
        record Case(Object body, int status, String message) {
        }
        List<Case> cases = List.of(
                new Case("{\"asyncJudge\": tru", 400, "Malformed JSON"),
                new Case(body("asyncJudge", null), 400, "asyncJudge must be true or false"),
                new Case(body("asyncJudge", "yes"), 400, "'asyncJudge' must be true or false"),
                new Case(body("failOpen", 1), 400, "'failOpen' must be true or false"),
                new Case(body("judgeTimeoutMs", 5), 422, "judgeTimeoutMs must be between"),
                new Case(body("judgeTimeoutMs", "3000"), 400, "'judgeTimeoutMs' must be a whole number"),
                new Case(body("judgeModel", "x".repeat(201)), 422, "at most 200"),
                new Case(body("webhooks", null), 400, "webhooks must be an array"),
                new Case(body("webhooks", "https://hooks.example.com"), 400, "'webhooks' must be an array"),
                new Case(body("webhooks", List.of(body("url", "ftp://hooks.example.com/x"))), 422, "webhooks[0].url must be an http(s) URL"),
                new Case(body("webhooks", List.of(body("url", "not a url"))), 422, "http(s) URL"),
                new Case(body("webhooks", List.of(body("secret", "0123456789abcdef"))), 400, "webhooks[0].url is required"),
                new Case(body("webhooks", List.of(body("url", "https://user:pw@hooks.example.com/x"))), 422, "must not contain credentials"),
                new Case(body("webhooks", List.of(body("url", "https://hooks.example.com/x", "secret", "short"))), 422, "16 to 1024"),
                new Case(body("webhooks", List.of(body("url", "https://hooks.example.com/x", "secret", 1234567890123456789L))), 400, "must be a string"),
                new Case(body("webhooks", List.of(body("id", UUID.randomUUID().toString(), "url", "https://hooks.example.com/x"))), 404, "Webhook"),
                new Case(body("webhooks", Collections.nCopies(21, body("url", "https://hooks.example.com/x"))), 422, "At most 20"));
        for (Case c : cases) {
            HttpResult r = c.body() instanceof String raw ? api.send("PUT", path, raw, "application/json") : api.put(path, c.body());
            assertThat(r.status()).as(c + " -> " + r).isEqualTo(c.status());
            assertThat(r.text("message")).as(c.toString()).contains(c.message());
        }
        // Nothing was stored by any of them.
        assertThat(api.get(path).json().path("settings").path("updatedAt").isNull()).isTrue();
    }

    @Test
    void webhookSecretsAreSealedKeptReplacedAndNeverShown() throws Exception {
        Session owner = server.registerOrganization("Settings Webhooks");
        Api api = owner.api();
        String path = "/organization/" + owner.orgId() + "/settings";
        String secret = "whsec-" + UUID.randomUUID().toString().replace("-", "");
        String replaced = "whsec-replaced-" + UUID.randomUUID().toString().replace("-", "");
        List<HttpResult> answers = new ArrayList<>();

        HttpResult first = api.put(path, body("webhooks", List.of(
                body("url", "https://hooks.example.com/gatehouse/T000/B000/token-in-path", "secret", secret),
                body("url", "http://alerts.internal:8080/hook"))));
        answers.add(first);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        JsonNode hooks = first.json().path("settings").path("webhooks");
        assertThat(hooks.size()).isEqualTo(2);
        assertThat(hooks.get(0).path("hasSecret").asBoolean()).isTrue();
        assertThat(hooks.get(1).path("hasSecret").asBoolean()).isFalse();
        assertThat(hooks.get(0).has("secret")).isFalse();
        String signed = hooks.get(0).path("id").asText();
        String unsigned = hooks.get(1).path("id").asText();

        // The stored value is a SecretBox ciphertext bound to webhook/<id> that opens to the secret.
        List<String> sealed = column("SELECT secret_sealed FROM alert_webhook WHERE id = '" + signed + "'");
        assertThat(sealed.getFirst()).startsWith("gh1:").doesNotContain(secret);
        MasterKeyring ring = MasterKeyring.parse(Files.readString(server.database().dataDir().resolve("master.key")), "test");
        assertThat(new SecretBox(ring).open(sealed.getFirst(), SealedColumns.WEBHOOK_SECRET.context(signed)).reveal()).isEqualTo(secret);

        // Other fields leave the list alone; the same id without a secret keeps it; "" removes it; a new one replaces it.
        answers.add(api.put(path, body("asyncJudge", true)));
        assertThat(answers.getLast().json().path("settings").path("webhooks").size()).isEqualTo(2);
        HttpResult kept = api.put(path, body("webhooks", List.of(
                body("id", signed, "url", "https://hooks.example.com/gatehouse/moved"),
                body("id", unsigned, "url", "http://alerts.internal:8080/hook", "secret", replaced))));
        answers.add(kept);
        JsonNode keptHooks = kept.json().path("settings").path("webhooks");
        assertThat(keptHooks.findValuesAsText("id")).containsExactly(signed, unsigned);
        assertThat(keptHooks.get(0).path("url").asText()).endsWith("/moved");
        assertThat(keptHooks.get(0).path("hasSecret").asBoolean()).isTrue();
        assertThat(keptHooks.get(1).path("hasSecret").asBoolean()).isTrue();
        assertThat(column("SELECT secret_sealed FROM alert_webhook WHERE id = '" + signed + "'")).isEqualTo(sealed);

        HttpResult cleared = api.put(path, body("webhooks", List.of(
                body("id", signed, "url", "https://hooks.example.com/gatehouse/moved", "secret", ""))));
        answers.add(cleared);
        JsonNode clearedHooks = cleared.json().path("settings").path("webhooks");
        assertThat(clearedHooks.findValuesAsText("id")).containsExactly(signed);
        assertThat(clearedHooks.get(0).path("hasSecret").asBoolean()).isFalse();
        assertThat(column("SELECT id FROM alert_webhook WHERE org_id = '" + owner.orgId() + "'")).containsExactly(signed);
        assertThat(column("SELECT secret_sealed FROM alert_webhook WHERE id = '" + signed + "'")).containsOnlyNulls();

        // Another organization cannot name this organization's webhook.
        Session rival = server.registerOrganization("Settings Webhooks Rival");
        HttpResult stolen = rival.api().put("/organization/" + rival.orgId() + "/settings",
                body("webhooks", List.of(body("id", signed, "url", "https://evil.example.com/"))));
        assertThat(stolen.status()).isEqualTo(404);

        answers.add(api.put(path, body("webhooks", List.of())));
        assertThat(answers.getLast().json().path("settings").path("webhooks").isEmpty()).isTrue();

        // The secrets appear in no answer, audit event, log line or stored row.
        answers.add(api.get(path));
        answers.add(api.get("/systemevent?take=100"));
        JsonNode audited = api.get("/systemevent?context=orgsettings").json().path("events");
        assertThat(audited.size()).isEqualTo(5);
        assertThat(audited.get(4).path("details").path("webhooks").get(0).path("host").asText()).isEqualTo("hooks.example.com");
        assertThat(audited.toString()).doesNotContain("token-in-path");
        String rows = String.join("\n", column("SELECT details FROM system_event")) + String.join("\n", column("SELECT url FROM alert_webhook"))
                + String.join("\n", column("SELECT secret_sealed FROM alert_webhook"));
        for (String s : List.of(secret, replaced)) {
            assertThat(answers).allSatisfy(r -> assertThat(r.body()).doesNotContain(s));
            assertThat(rows).doesNotContain(s);
            assertThat(CapturedLogs.all() + server.consoleOutput()).doesNotContain(s);
        }
    }
}

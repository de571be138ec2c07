package io.gatehouse.platform.settings;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.Json;
import io.gatehouse.platform.OrgRole;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.Contract;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /settings/user} and {@code /settings/organization}: replace (POST), merge (PUT), delete keys (DELETE with a
 * body), bounded documents, every user's own and the organization's for its managers to change, the policy judge
 * shown read-only. Answers fit the vendor's types.
 */
@Tag("db")
class SettingsResourceTest {
    static TestServer server;
    static Session owner;
    static Session member;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.owner();
        member = server.createUser(owner, OrgRole.USER.code());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void replaceMergeAndDeleteKeysOfTheUsersOwnDocument() {
        Session member = server.createUser(owner, OrgRole.USER.code());
        Api api = member.api();
        HttpResult empty = api.get("/settings/user");
        Contract.check(empty, "settings/GetSettingsResponse.json");
        assertThat(empty.json().path("settings").isEmpty()).isTrue();

        HttpResult replaced = api.post("/settings/user", Map.of("settings", Map.of("theme", "dark",
                "dashboard", Map.of("charts", List.of("cost", "tokens")), "pageSize", 25)));
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        Contract.check(replaced, "settings/SettingsWriteResponse.json");

        HttpResult merged = api.put("/settings/user", Map.of("theme", "light", "language", "fr"));
        Contract.check(merged, "settings/SettingsWriteResponse.json");
        JsonNode settings = api.get("/settings/user").json().path("settings");
        assertThat(settings.path("theme").asText()).isEqualTo("light");
        assertThat(settings.path("language").asText()).isEqualTo("fr");
        assertThat(settings.path("dashboard").path("charts").get(1).asText()).isEqualTo("tokens");
        assertThat(settings.path("pageSize").asInt()).isEqualTo(25);

        HttpResult pruned = api.send("DELETE", "/settings/user", Map.of("keys", List.of("dashboard", "never-set")), "application/json");
        assertThat(pruned.status()).as(pruned.toString()).isEqualTo(200);
        Contract.check(pruned, "settings/SettingsWriteResponse.json");
        settings = api.get("/settings/user").json().path("settings");
        assertThat(settings.has("dashboard")).isFalse();
        assertThat(settings.path("theme").asText()).isEqualTo("light");

        // A replace drops what it does not name.
        api.post("/settings/user", Map.of("settings", Map.of("only", true)));
        assertThat(api.get("/settings/user").json().path("settings").fieldNames()).toIterable().containsExactly("only");
        // Another user's document is their own.
        assertThat(owner.api().get("/settings/user").json().path("settings").has("only")).isFalse();
        // Each change is in the audit log (key names, never values).
        JsonNode events = owner.api().get("/systemevent?context=usersettings&contextId=" + member.userId()).json().path("events");
        assertThat(events.size()).isEqualTo(4);
        assertThat(events.get(0).path("details").path("keys").toString()).contains("only");
    }

    @Test
    void documentsAreBoundedAndShapesAreChecked() {
        Api api = server.createUser(owner, OrgRole.USER.code()).api();
        Object deep = "leaf";
        // The document itself is the first level.
        for (int i = 0; i < SettingsDocument.MAX_DEPTH; i++) {
            deep = Map.of("n", deep);
        }
        assertThat(api.post("/settings/user", Map.of("settings", deep)).status()).as("exactly the deepest kept").isEqualTo(200);
        HttpResult tooDeep = api.post("/settings/user", Map.of("settings", Map.of("n", deep)));
        assertThat(tooDeep.status()).as(tooDeep.toString()).isEqualTo(422);
        Contract.check(tooDeep, "settings/SettingsErrorResponse.json");
        HttpResult tooBig = api.put("/settings/user", Map.of("blob", "x".repeat(SettingsDocument.MAX_CHARS)));
        assertThat(tooBig.status()).as(tooBig.toString()).isEqualTo(422);
        Contract.check(tooBig, "settings/SettingsErrorResponse.json");
        assertThat(api.put("/settings/user", Map.of("k".repeat(SettingsDocument.MAX_KEY + 1), 1)).status()).isEqualTo(422);
        assertThat(api.post("/settings/user", Map.of("settings", List.of(1, 2))).status()).isEqualTo(400);
        assertThat(api.post("/settings/user", Map.of("theme", "dark")).status()).isEqualTo(400);
        assertThat(api.send("DELETE", "/settings/user", Map.of("keys", List.of()), "application/json").status()).isEqualTo(400);
        assertThat(api.send("DELETE", "/settings/user", Map.of("keys", List.of(1)), "application/json").status()).isEqualTo(400);
        assertThat(api.send("DELETE", "/settings/user", null, "application/json").status()).isEqualTo(400);
        // A merge that would grow the stored document past the bound is refused as well.
        api.post("/settings/user", Map.of("settings", Map.of("half", "y".repeat(SettingsDocument.MAX_CHARS / 2 + 10))));
        assertThat(api.put("/settings/user", Map.of("other", "z".repeat(SettingsDocument.MAX_CHARS / 2))).status()).isEqualTo(422);
    }

    @Test
    void anOrganizationWithoutADocumentShowsItsJudgeToManagersOnly() {
        Session founder = server.registerOrganization("Fresh Org");
        Session staff = server.createUser(founder, OrgRole.USER.code());
        assertThat(founder.api().get("/settings/organization").json().path("settings").has("policyJudge")).isTrue();
        HttpResult seen = staff.api().get("/settings/organization");
        Contract.check(seen, "settings/GetSettingsResponse.json");
        assertThat(seen.json().path("settings").isEmpty()).as(seen.toString()).isTrue();
    }

    @Test
    void onlyManagersChangeTheOrganizationsSettingsAndTheJudgeIsReadOnlyThere() {
        Api manager = owner.api();
        HttpResult set = manager.post("/settings/organization", Map.of("settings", Map.of("brand", "Acme", "retentionDays", 30)));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        Contract.check(set, "settings/SettingsWriteResponse.json");

        HttpResult seenByMember = member.api().get("/settings/organization");
        Contract.check(seenByMember, "settings/GetSettingsResponse.json");
        assertThat(seenByMember.json().path("settings").path("brand").asText()).isEqualTo("Acme");
        assertThat(seenByMember.json().path("settings").has("policyJudge")).isFalse();
        for (String method : List.of("POST", "PUT", "DELETE")) {
            Object body = switch (method) {
                case "POST" -> Map.of("settings", Map.of());
                case "PUT" -> Map.of("brand", "Evil");
                default -> Map.of("keys", List.of("brand"));
            };
            HttpResult refused = member.api().send(method, "/settings/organization", body, "application/json");
            assertThat(refused.status()).as(method + " " + refused).isEqualTo(403);
            Contract.check(refused, "settings/SettingsErrorResponse.json");
        }
        assertThat(manager.get("/settings/organization").json().path("settings").path("brand").asText()).isEqualTo("Acme");

        // The judge, set where it is set, shows to managers; a secret never does.
        try (FakeOpenAi judge = new FakeOpenAi("sk-judge-secret-0123456789")) {
            String ws = server.defaultWorkspace(owner);
            String llm = PlatformCalls.aiLlm(manager, ws, "judge-llm", "OPENAI", judge.endpoint(), "sk-judge-secret-0123456789");
            HttpResult judged = manager.put("/organization/" + owner.orgId() + "/settings",
                    Map.of("judgeAiLlmId", llm, "judgeModel", "gpt-4o-mini"));
            assertThat(judged.status()).as(judged.toString()).isEqualTo(200);
            HttpResult read = manager.get("/settings/organization");
            JsonNode policyJudge = read.json().path("settings").path("policyJudge");
            assertThat(policyJudge.path("judgeAiLlmId").asText()).isEqualTo(llm);
            assertThat(policyJudge.path("judgeModel").asText()).isEqualTo("gpt-4o-mini");
            assertThat(read.body()).doesNotContain("sk-judge-secret");

            // Sending the document back as read is fine; changing the judge here is not.
            @SuppressWarnings("unchecked")
            Map<String, Object> document = Json.MAPPER.convertValue(read.json().path("settings"), Map.class);
            document.put("brand", "Acme 2");
            HttpResult roundTrip = manager.post("/settings/organization", Map.of("settings", document));
            assertThat(roundTrip.status()).as(roundTrip.toString()).isEqualTo(200);
            Map<String, Object> changedJudge = new HashMap<>(Map.of("judgeAiLlmId", llm, "judgeModel", "gpt-4o"));
            HttpResult refused = manager.put("/settings/organization", Map.of("policyJudge", changedJudge));
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
            assertThat(refused.text("message")).contains("/organization/{orgId}/settings");
            JsonNode after = manager.get("/settings/organization").json().path("settings");
            assertThat(after.path("brand").asText()).isEqualTo("Acme 2");
            assertThat(after.path("policyJudge").path("judgeModel").asText()).isEqualTo("gpt-4o-mini");
        }
    }
}

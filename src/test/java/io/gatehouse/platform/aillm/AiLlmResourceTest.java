package io.gatehouse.platform.aillm;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.gatehouse.testing.PlatformCalls.body;
import static io.gatehouse.testing.PlatformCalls.aiLlm;
import static io.gatehouse.testing.PlatformCalls.member;
import static io.gatehouse.testing.PlatformCalls.repo;
import static io.gatehouse.testing.PlatformCalls.validate;
import static io.gatehouse.testing.PlatformCalls.workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code /ai/llm}: the reference shapes, input checks, roles, tenancy, deletion rules and the audit trail. */
@Tag("db")
class AiLlmResourceTest {
    static TestServer server;
    static Session owner;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.owner();
        api = owner.api();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertError(HttpResult r, int status, String messagePart) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.json().path("success").asBoolean(true)).isFalse();
        assertThat(r.text("message")).containsIgnoringCase(messagePart);
    }

    private static List<String> ids(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("id").asText()));
        return out;
    }

    @Test
    void createdConfigurationsHaveTheReferenceShapeWithDefaultsAndAMaskedKey() {
        String ws = workspace(api, "shapes-ws");
        HttpResult created = api.post("/ai/llm", body("name", "openai-main", "aiType", "openai", "workspaceId", ws,
                "secret", "  sk-proj-abcdefghijklmnopqrstuvwxyz  ", "key", "key-id-0123456789abcd"));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.text("message")).isNotBlank();
        String id = created.text("aiLlmId");
        JsonNode c = api.get("/ai/llm?workspaceId=" + ws).json().path("aiLlms").get(0);
        assertThat(c.path("id").asText()).isEqualTo(id);
        assertThat(c.path("orgId").asText()).isEqualTo(owner.orgId());
        assertThat(c.path("workspaceId").asText()).isEqualTo(ws);
        assertThat(c.path("userId").asText()).isEqualTo(owner.userId());
        assertThat(c.path("aiType").asText()).isEqualTo("OPENAI");
        assertThat(c.path("endpoint").asText()).isEqualTo("https://api.openai.com/v1");
        assertThat(c.path("key").asText()).isEqualTo("key-…abcd");
        assertThat(c.path("validationStatus").asText()).isEqualTo("UNVALIDATED");
        assertThat(c.path("lastValidatedAt").isNull()).isTrue();
        assertThat(c.path("models")).isEmpty();
        assertThat(c.path("repos")).isEmpty();
        assertThat(c.has("secret")).isFalse();
        assertThat(c.path("createdAt").asText()).endsWith("Z");

        assertThat(api.get("/ai/llm/" + aiLlm(api, ws, "claude", "ANTHROPIC", null, "sk-ant-x-0123456789")).json()
                .path("aiLlm").path("endpoint").asText()).isEqualTo("https://api.anthropic.com");
        assertThat(api.get("/ai/llm/" + aiLlm(api, ws, "gemini", "GOOGLE", null, "AIza-0123456789")).json()
                .path("aiLlm").path("endpoint").asText()).isEqualTo("https://generativelanguage.googleapis.com");
        assertThat(api.get("/ai/llm/" + aiLlm(api, ws, "vllm", "OTHER", "http://gpu-box:8000/v1/", null)).json()
                .path("aiLlm").path("endpoint").asText()).isEqualTo("http://gpu-box:8000/v1");

        // Clearing the key id with an empty string; changing the type (secret given again) moves a default endpoint along.
        JsonNode changed = api.put("/ai/llm/" + id, body("key", "", "aiType", "ANTHROPIC",
                "secret", "sk-ant-abcdefghijklmnopqrstuvwxyz")).json().path("aiLlm");
        assertThat(changed.path("key").isNull()).isTrue();
        assertThat(changed.path("endpoint").asText()).isEqualTo("https://api.anthropic.com");
    }

    @Test
    void bothEndpointFormsAreAcceptedForEveryTypeAndTheAnswerSaysWhatWasStored() {
        String ws = workspace(api, "endpoint-forms-ws");
        record Form(String type, String sent, String stored) {
        }
        List<Form> forms = List.of(
                new Form("OPENAI", "https://api.openai.com", "https://api.openai.com/v1"),
                new Form("OTHER", "http://localhost:11434/", "http://localhost:11434/v1"),
                new Form("ANTHROPIC", "https://api.anthropic.com/v1/", "https://api.anthropic.com"),
                new Form("GOOGLE", "https://generativelanguage.googleapis.com/v1beta", "https://generativelanguage.googleapis.com"));
        int n = 0;
        for (Form form : forms) {
            HttpResult created = api.post("/ai/llm", body("name", "form-" + n++, "aiType", form.type(), "workspaceId", ws,
                    "secret", "sk-form-0123456789", "endpoint", form.sent()));
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            assertThat(created.text("message")).as(form.type()).contains("endpoint stored as " + form.stored());
            assertThat(created.json().path("aiLlm").path("endpoint").asText()).isEqualTo(form.stored());
        }
        // Already in the stored form: nothing to say.
        HttpResult plain = api.post("/ai/llm", body("name", "form-plain", "aiType", "OPENAI", "workspaceId", ws,
                "secret", "sk-form-0123456789", "endpoint", "https://api.openai.com/v1"));
        assertThat(plain.text("message")).isEqualTo("AI LLM configuration created");
        // An update says it too.
        HttpResult updated = api.put("/ai/llm/" + plain.text("aiLlmId"), body("endpoint", "https://proxy.example.com",
                "secret", "sk-form-0123456789"));
        assertThat(updated.text("message")).contains("endpoint stored as https://proxy.example.com/v1");
    }

    @Test
    void badInputIsRefusedClearly() {
        String ws = workspace(api, "bad-input-ws");
        assertError(api.post("/ai/llm", body("name", "x", "aiType", "MISTRAL", "workspaceId", ws, "secret", "s")), 400,
                "aiType must be one of OPENAI, GOOGLE, ANTHROPIC, AWS, OTHER");
        assertError(api.post("/ai/llm", body("name", "x", "workspaceId", ws, "secret", "s")), 400, "aiType is required");
        assertError(api.post("/ai/llm", body("aiType", "OPENAI", "workspaceId", ws, "secret", "s")), 400, "name is required");
        assertError(api.post("/ai/llm", body("name", "x", "aiType", "OPENAI", "workspaceId", ws)), 400, "secret is required");
        assertError(api.post("/ai/llm", body("name", "x", "aiType", "OTHER", "workspaceId", ws)), 400, "endpoint is required");
        assertError(api.post("/ai/llm", body("name", "x", "aiType", "OPENAI", "workspaceId", ws, "secret", "s", "endpoint", "ftp://host/v1")),
                422, "http(s) URL");
        assertError(api.post("/ai/llm", body("name", "x", "aiType", "OPENAI", "workspaceId", ws, "secret", "s", "endpoint", "not a url")),
                422, "http(s) URL");
        assertError(api.post("/ai/llm", body("name", "x", "aiType", "OPENAI", "workspaceId", ws, "secret", "s", "endpoint", "https://u:p@host/v1")),
                422, "must not contain credentials");
        assertError(api.post("/ai/llm", body("name", "x", "aiType", "OPENAI", "workspaceId", ws, "secret", "s", "endpoint", "https://host/v1?x=1")),
                422, "without query");
        assertError(api.post("/ai/llm", body("name", "x", "aiType", "OPENAI", "workspaceId", ws, "secret", "sk-line\nbreak")),
                422, "secret must not contain control characters");
        assertError(api.post("/ai/llm", body("name", 42, "aiType", "OPENAI", "workspaceId", ws, "secret", "s")), 400, "'name' must be a string");
        assertError(api.post("/ai/llm", body("name", "x", "aiType", "OPENAI", "workspaceId", UUID.randomUUID().toString(), "secret", "s")),
                404, "Workspace not found");
        assertError(api.post("/ai/llm", body("name", "x", "aiType", "OPENAI", "secret", "s")), 400, "workspaceId is required");

        aiLlm(api, ws, "taken", "OPENAI", null, "sk-1234567890");
        assertError(api.post("/ai/llm", body("name", "TAKEN", "aiType", "OPENAI", "workspaceId", ws, "secret", "s")), 409, "already exists");
        String other = aiLlm(api, ws, "other", "OPENAI", null, "sk-1234567890");
        assertError(api.put("/ai/llm/" + other, body("name", "taken")), 409, "already exists");
        // The same name in another workspace is fine.
        aiLlm(api, workspace(api, "bad-input-ws-2"), "taken", "OPENAI", null, "sk-1234567890");

        assertError(api.get("/ai/llm/" + UUID.randomUUID()), 404, "AI LLM configuration not found");
        assertError(api.get("/ai/llm/not-an-id"), 404, "AI LLM configuration not found");
        assertError(api.put("/ai/llm/" + UUID.randomUUID(), body("name", "y")), 404, "not found");
        assertError(api.delete("/ai/llm/" + UUID.randomUUID()), 404, "not found");
        assertError(api.post("/ai/llm/" + UUID.randomUUID() + "/validate", null), 404, "not found");
        assertError(api.get("/ai/llm?workspaceId=" + UUID.randomUUID()), 404, "Workspace not found");
    }

    @Test
    void readListsWriteChangesAndValidatesAdminDeletes() {
        String ws = workspace(api, "roles-ws");
        Session reader = server.createUser(owner, 0);
        Session writer = server.createUser(owner, 0);
        Session admin = server.createUser(owner, 0);
        member(api, ws, reader.userId(), "READ");
        member(api, ws, writer.userId(), "WRITE");
        member(api, ws, admin.userId(), "ADMIN");
        try (FakeOpenAi fake = new FakeOpenAi("sk-roles-0123456789")) {
            assertThat(reader.api().post("/ai/llm", body("name", "r", "aiType", "OPENAI", "workspaceId", ws, "secret", "s")).status()).isEqualTo(403);
            String id = aiLlm(writer.api(), ws, "written", "OPENAI", fake.endpoint(), "sk-roles-0123456789");
            assertThat(ids(reader.api().get("/ai/llm").json().path("aiLlms"))).contains(id);
            assertThat(reader.api().get("/ai/llm/" + id).status()).isEqualTo(200);
            assertThat(reader.api().put("/ai/llm/" + id, body("name", "by-reader")).status()).isEqualTo(403);
            assertThat(reader.api().post("/ai/llm/" + id + "/validate", null).status()).isEqualTo(403);
            assertThat(writer.api().put("/ai/llm/" + id, body("name", "by-writer")).status()).isEqualTo(200);
            assertThat(validate(writer.api(), id).json().path("success").asBoolean()).isTrue();
            assertThat(writer.api().delete("/ai/llm/" + id).status()).isEqualTo(403);
            assertThat(admin.api().delete("/ai/llm/" + id).status()).isEqualTo(200);
            assertThat(reader.api().get("/ai/llm/" + id).status()).isEqualTo(404);
        }
    }

    @Test
    void aNewEndpointOrTypeNeedsTheSecretAgainSoAWriterCannotRedirectIt() {
        String ws = workspace(api, "redirect-ws");
        Session writer = server.createUser(owner, 0);
        member(api, ws, writer.userId(), "WRITE");
        String secret = "sk-proj-owners-secret-0123456789";
        try (FakeOpenAi provider = new FakeOpenAi(secret); FakeOpenAi attacker = new FakeOpenAi(null)) {
            String id = aiLlm(api, ws, "redirected", "OPENAI", provider.endpoint(), secret);
            Api w = writer.api();
            for (Map<String, Object> change : List.of(body("endpoint", attacker.endpoint()),
                    body("endpoint", attacker.baseUrl() + "/v1/"),
                    body("aiType", "OTHER", "endpoint", attacker.endpoint()),
                    body("aiType", "OTHER"),
                    body("aiType", "ANTHROPIC", "name", "renamed-too"))) {
                assertError(w.put("/ai/llm/" + id, change), 400, "secret is required when endpoint or aiType changes");
            }
            JsonNode kept = api.get("/ai/llm/" + id).json().path("aiLlm");
            assertThat(kept.path("endpoint").asText()).isEqualTo(provider.endpoint());
            assertThat(kept.path("aiType").asText()).isEqualTo("OPENAI");
            assertThat(kept.path("name").asText()).isEqualTo("redirected");
            assertThat(validate(w, id).json().path("success").asBoolean()).isTrue();
            assertThat(attacker.requests()).isEmpty();
            // Giving the endpoint as it is stored is no change, and other fields still change without the secret.
            assertThat(w.put("/ai/llm/" + id, body("endpoint", provider.endpoint(), "aiType", "openai", "name", "renamed"))
                    .status()).isEqualTo(200);
            JsonNode events = api.get("/systemevent?context=aillm&contextId=" + id).json().path("events");
            assertThat(events.findValuesAsText("event")).containsExactly("updated", "validated", "created");
            assertThat(events.get(0).path("details").path("changed").toString()).isEqualTo("[\"name\"]");

            // With the secret in the same request the move is allowed: the new host gets what was given.
            assertThat(w.put("/ai/llm/" + id, body("endpoint", attacker.endpoint(), "secret", "sk-writers-own-0123456789"))
                    .status()).isEqualTo(200);
            validate(w, id);
            assertThat(attacker.requests()).singleElement()
                    .satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer sk-writers-own-0123456789"));
        }
        // A configuration without a stored secret has nothing to redirect.
        String keyless = aiLlm(api, ws, "keyless", "OTHER", "http://127.0.0.1:9/v1", null);
        assertThat(api.put("/ai/llm/" + keyless, body("endpoint", "http://127.0.0.1:10/v1")).status()).isEqualTo(200);
    }

    @Test
    void theSameSecretGivenAgainForANewTypeTravelsTheNewTypesWay() {
        String ws = workspace(api, "retype-ws");
        String secret = "sk-both-providers-0123456789";
        try (FakeOpenAi openAi = new FakeOpenAi(secret); FakeAnthropic anthropic = new FakeAnthropic(secret)) {
            String id = aiLlm(api, ws, "retyped", "OPENAI", openAi.endpoint(), secret);
            validate(api, id);
            GatewayWorld.Key key = GatewayWorld.key(server, repo(api, ws, "retyped-repo", id), "retyped-key");
            String chat = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
            assertThat(GatewayWorld.post(server, "/v1/chat/completions", key.secret(), chat.formatted("gpt-4o")).status())
                    .isEqualTo(200);

            assertThat(api.put("/ai/llm/" + id, body("aiType", "ANTHROPIC", "endpoint", anthropic.endpoint(),
                    "secret", secret)).status()).isEqualTo(200);
            assertThat(validate(api, id).json().path("success").asBoolean()).isTrue();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> GatewayWorld.post(server,
                    "/v1/chat/completions", key.secret(), chat.formatted("claude-sonnet-4-5")).status() == 200);
            assertThat(anthropic.requests()).filteredOn(r -> r.path().equals("/v1/messages")).isNotEmpty()
                    .allSatisfy(r -> {
                        assertThat(r.header("x-api-key")).isEqualTo(secret);
                        assertThat(r.header("Authorization")).isNull();
                    });
        }
    }

    @Test
    void anotherWorkspaceOrTenantCannotSeeOrTouchAConfiguration() {
        String wsA = workspace(api, "tenancy-a");
        String wsB = workspace(api, "tenancy-b");
        String inB = aiLlm(api, wsB, "b-config", "OPENAI", null, "sk-b-0123456789");
        Session writerOfA = server.createUser(owner, 0);
        member(api, wsA, writerOfA.userId(), "WRITE");
        Session otherTenant = server.registerOrganization("Tenant Two");
        String wsOther = server.defaultWorkspace(otherTenant);
        String foreign = aiLlm(otherTenant.api(), wsOther, "foreign", "OPENAI", null, "sk-foreign-0123456789");

        for (var caller : List.of(writerOfA.api(), owner.api())) {
            String target = caller == owner.api() ? foreign : inB;
            assertThat(caller.get("/ai/llm/" + target).status()).isEqualTo(404);
            assertThat(caller.put("/ai/llm/" + target, body("name", "hijacked")).status()).isEqualTo(404);
            assertThat(caller.post("/ai/llm/" + target + "/validate", null).status()).isEqualTo(404);
            assertThat(caller.delete("/ai/llm/" + target).status()).isEqualTo(404);
            assertThat(caller.get("/ai/llm/stats?aiLlmId=" + target).status()).isEqualTo(404);
            assertThat(caller.get("/ai/llm").body()).doesNotContain(target);
            assertThat(caller.get("/ai/llm/available").body()).doesNotContain(target);
            assertThat(caller.get("/ai/llm/stats").body()).doesNotContain(target);
        }
        assertThat(writerOfA.api().get("/ai/llm?workspaceId=" + wsB).status()).isEqualTo(404);
        assertThat(owner.api().get("/ai/llm?workspaceId=" + wsOther).status()).isEqualTo(404);
        assertThat(writerOfA.api().post("/ai/llm", body("name", "x", "aiType", "OPENAI", "workspaceId", wsB, "secret", "s")).status())
                .isEqualTo(404);
        // Nor can they attach it to a repository of their own.
        assertThat(writerOfA.api().post("/repo", Map.of("name", "steal", "workspaceId", wsA,
                "repoAiLlms", List.of(Map.of("aiLlmId", inB)))).status()).isEqualTo(404);
        assertThat(owner.api().get("/ai/llm/" + inB).status()).isEqualTo(200);
    }

    @Test
    void aConfigurationInUseCannotBeDeletedNorItsWorkspace() {
        String ws = workspace(api, "in-use-ws");
        String id = aiLlm(api, ws, "in-use", "OPENAI", null, "sk-in-use-0123456789");
        String repoId = repo(api, ws, "consumer", id);
        JsonNode repos = api.get("/ai/llm/" + id).json().path("aiLlm").path("repos");
        assertThat(repos.get(0).path("id").asText()).isEqualTo(repoId);
        assertThat(repos.get(0).path("name").asText()).isEqualTo("consumer");
        assertError(api.delete("/ai/llm/" + id), 403, "used by the repository 'consumer'");

        assertError(api.delete("/workspace/" + ws), 409, "delete them first");
        assertThat(api.delete("/repo/" + repoId).status()).isEqualTo(200);
        assertError(api.delete("/workspace/" + ws), 409, "delete them first");
        assertThat(api.delete("/ai/llm/" + id).status()).isEqualTo(200);
        assertThat(api.delete("/workspace/" + ws).status()).isEqualTo(200);
    }

    @Test
    void statsAnswerZerosAsStrings() {
        String ws = workspace(api, "stats-ws");
        String id = aiLlm(api, ws, "counted", "OPENAI", null, "sk-stats-0123456789");
        JsonNode one = api.get("/ai/llm/stats?aiLlmId=" + id).json();
        assertThat(one.path("success").asBoolean()).isTrue();
        JsonNode row = one.path("stats").get(0);
        assertThat(row.path("aiLlmId").asText()).isEqualTo(id);
        for (String total : List.of("totalApiCalls", "totalTokensIn", "totalTokensOut", "totalLlmTokensIn", "totalLlmTokensOut",
                "totalPolicyViolations", "totalAlerts", "totalBlocks")) {
            assertThat(row.path(total).isTextual()).as(total).isTrue();
            assertThat(row.path(total).asText()).as(total).isEqualTo("0");
        }
        assertThat(api.get("/ai/llm/stats?workspaceId=" + ws).json().path("stats")).hasSize(1);
    }

    @Test
    void everyChangeIsAudited() {
        String ws = workspace(api, "audit-ws");
        try (FakeOpenAi fake = new FakeOpenAi("sk-audit-0123456789")) {
            String id = aiLlm(api, ws, "audited", "OPENAI", fake.endpoint(), "sk-audit-0123456789");
            api.put("/ai/llm/" + id, body("name", "audited-2", "secret", "sk-audit-changed-0123"));
            api.put("/ai/llm/" + id, body("secret", "sk-audit-0123456789"));
            validate(api, id);
            api.delete("/ai/llm/" + id);
            JsonNode events = api.get("/systemevent?context=aillm&contextId=" + id).json().path("events");
            assertThat(events.findValuesAsText("event")).containsExactly("deleted", "validated", "updated", "updated", "created");
            assertThat(events.get(3).path("details").path("changed").toString()).contains("name", "secret");
            assertThat(events.get(1).path("details").path("success").asBoolean()).isTrue();
            assertThat(events.toString()).doesNotContain("sk-audit");
        }
    }
}

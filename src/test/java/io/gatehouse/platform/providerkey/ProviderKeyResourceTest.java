package io.gatehouse.platform.providerkey;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.platform.OrgRole;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.Contract;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider.Recorded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.gatehouse.testing.PlatformCalls.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /apikeys}: a shared provider key is given once, referenced by configurations ({@code apiKeyUuid}), used by
 * the gateway, and rotated once for all of them — the next gateway call, within a second, carries the new secret.
 * The secret is never in an answer or a log line; a referenced key cannot be deleted. Answers fit the vendor's types.
 */
@Tag("db")
class ProviderKeyResourceTest {
    static final String FIRST = "sk-shared-first-0123456789abcdef";
    static final String SECOND = "sk-shared-second-fedcba9876543210";

    static TestServer server;
    /** Accepts any key, so the test can see which one each call carried. */
    static FakeOpenAi openai;
    static Api owner;
    static String workspace;
    static final List<HttpResult> answers = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.start(TestServer.PROVIDER_EGRESS);
        openai = new FakeOpenAi(null);
        owner = server.owner().api();
        workspace = PlatformCalls.workspace(owner, "shared-keys");
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
    }

    static HttpResult seen(HttpResult answer) {
        answers.add(answer);
        return answer;
    }

    static String createKey(String secret, String description) {
        HttpResult created = seen(owner.post("/apikeys", body("provider", "OPENAI", "secret", secret, "endpoint", openai.endpoint(),
                "workspaceId", workspace, "description", description, "key", "org-shared-account-01")));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        Contract.check(created, "apikeys/CreateProviderApiKeyResponse.json");
        return created.text("apiKeyId");
    }

    @Test
    void rotatingTheSharedKeyOnceReachesEveryConfigurationAndTheGatewayWithinASecond() {
        String keyId = createKey(FIRST, "team account");
        String a = configUsing(keyId, "shared-a");
        String b = configUsing(keyId, "shared-b");
        String repo = PlatformCalls.repo(owner, workspace, "shared-repo", a);
        String repoKey = PlatformCalls.repoKey(owner, repo, "app").text("secret");
        Api gateway = server.gateway(repoKey);

        assertThat(chat(gateway)).isEqualTo("Bearer " + FIRST);

        HttpResult listed = seen(owner.get("/apikeys?workspaceId=" + workspace));
        Contract.check(listed, "apikeys/GetProviderApiKeysResponse.json");
        JsonNode dto = listed.json().path("apiKeys").get(0);
        assertThat(dto.path("aillm_count").asInt()).isEqualTo(2);
        assertThat(dto.path("provider").asText()).isEqualTo("OPENAI");
        assertThat(dto.path("key").asText()).isNotEqualTo("org-shared-account-01").isNotBlank();
        HttpResult configs = seen(owner.get("/ai/llm?workspaceId=" + workspace));
        Contract.check(configs, "aillm/GetAiLlmsResponse.json");
        assertThat(configs.json().path("aiLlms").findValuesAsText("apiKeyId")).containsOnly(keyId);

        HttpResult rotated = seen(owner.put("/apikeys/" + keyId, Map.of("secret", SECOND)));
        long rotatedAt = System.nanoTime();
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        Contract.check(rotated, "apikeys/UpdateProviderApiKeyResponse.json");
        assertThat(rotated.text("message")).contains("2 configurations");
        String carried;
        do {
            carried = chat(gateway);
        } while (!carried.equals("Bearer " + SECOND) && System.nanoTime() - rotatedAt < Duration.ofSeconds(1).toNanos());
        assertThat(carried).as("the first gateway call carrying the new secret came within a second").isEqualTo("Bearer " + SECOND);
        assertThat(Duration.ofNanos(System.nanoTime() - rotatedAt)).isLessThan(Duration.ofSeconds(1));

        // The other configuration got it too: its validation (a provider call) carries the new secret.
        openai.clearRequests();
        PlatformCalls.validate(owner, b);
        assertThat(openai.requests()).extracting(r -> r.header("authorization")).containsOnly("Bearer " + SECOND);
        // A rotation is a change of the key, in the audit log with what it reached, never the secret.
        JsonNode events = owner.get("/systemevent?context=apikey&contextId=" + keyId).json().path("events");
        assertThat(events.findValuesAsText("event")).containsExactly("updated", "created");
        assertThat(events.get(0).path("details").path("changed").toString()).contains("secret");
        assertThat(events.get(0).path("details").path("configurations").asInt()).isEqualTo(2);

        for (HttpResult answer : answers) {
            assertThat(answer.body()).doesNotContain(FIRST).doesNotContain(SECOND).doesNotContain("org-shared-account-01");
        }
        assertThat(CapturedLogs.matching(FIRST)).isEmpty();
        assertThat(CapturedLogs.matching(SECOND)).isEmpty();
    }

    @Test
    void aKeyInUseCannotBeDeletedUntilItsConfigurationsLeaveIt() {
        String keyId = createKey(FIRST, "in use");
        String config = configUsing(keyId, "user-of-key");

        HttpResult refused = seen(owner.delete("/apikeys/" + keyId));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("success").asBoolean(true)).isFalse();
        assertThat(refused.text("message")).contains("'user-of-key'");

        // Leaving the shared key needs a secret of the configuration's own: the shared one does not stay behind.
        HttpResult bare = owner.put("/ai/llm/" + config, body("apiKeyUuid", null));
        assertThat(bare.status()).as(bare.toString()).isEqualTo(400);
        HttpResult detached = owner.put("/ai/llm/" + config, body("apiKeyUuid", null, "secret", "sk-own-0123456789abcdef"));
        assertThat(detached.status()).as(detached.toString()).isEqualTo(200);
        assertThat(detached.json().path("aiLlm").has("apiKeyId")).isFalse();

        HttpResult deleted = seen(owner.delete("/apikeys/" + keyId));
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        Contract.check(deleted, "apikeys/DeleteProviderApiKeyResponse.json");
        assertThat(owner.get("/apikeys?workspaceId=" + workspace).json().path("apiKeys").findValuesAsText("id"))
                .doesNotContain(keyId);
    }

    @Test
    void theSharedSecretGoesOnlyWhereItWasGivenFor() {
        String keyId = createKey(FIRST, "guarded");
        // A configuration may not point the shared secret elsewhere, nor mix it with its own.
        HttpResult elsewhere = owner.post("/ai/llm", body("workspaceId", workspace, "name", "exfil", "aiType", "OPENAI",
                "apiKeyUuid", keyId, "endpoint", "https://attacker.example/v1"));
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(400);
        HttpResult both = owner.post("/ai/llm", body("workspaceId", workspace, "name", "both", "aiType", "OPENAI",
                "apiKeyUuid", keyId, "secret", "sk-other-0123456789"));
        assertThat(both.status()).as(both.toString()).isEqualTo(400);
        HttpResult wrongType = owner.post("/ai/llm", body("workspaceId", workspace, "name", "wrong", "aiType", "ANTHROPIC",
                "apiKeyUuid", keyId));
        assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(422);
        // Nor may the key itself move without its secret given again.
        HttpResult moved = owner.put("/apikeys/" + keyId, Map.of("endpoint", "https://attacker.example/v1"));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(400);
        // A key of another workspace is not found from here.
        String otherWs = PlatformCalls.workspace(owner, "shared-keys-other");
        HttpResult foreign = owner.post("/ai/llm", body("workspaceId", otherWs, "name", "foreign", "aiType", "OPENAI",
                "apiKeyUuid", keyId));
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(404);
    }

    @Test
    void filtersAndAccess() {
        createKey(FIRST, "filtered");
        assertThat(owner.get("/apikeys?workspaceId=" + workspace + "&provider=OPENAI").json().path("apiKeys").size()).isPositive();
        assertThat(owner.get("/apikeys?workspaceId=" + workspace + "&provider=ANTHROPIC").json().path("apiKeys").size()).isZero();
        assertThat(owner.get("/apikeys?workspaceId=" + workspace + "&capability=2").json().path("apiKeys").size()).isPositive();
        assertThat(owner.get("/apikeys?workspaceId=" + workspace + "&capability=1").json().path("apiKeys").size()).isZero();
        assertThat(owner.get("/apikeys?capability=banana").status()).isEqualTo(400);
        assertThat(owner.get("/apikeys?provider=AZURE").status()).isEqualTo(400);
        assertThat(owner.post("/apikeys", body("provider", "OPENAI", "secret", FIRST, "workspaceId", workspace,
                "tenantId", "t")).status()).isEqualTo(422);

        Session reader = server.createUser(server.owner(), OrgRole.USER.code());
        PlatformCalls.member(owner, workspace, reader.userId(), "READ");
        assertThat(reader.api().get("/apikeys?workspaceId=" + workspace).json().path("apiKeys").size()).isPositive();
        HttpResult create = reader.api().post("/apikeys", body("provider", "OPENAI", "secret", FIRST, "workspaceId", workspace));
        assertThat(create.status()).isEqualTo(403);
        Session outsider = server.createUser(server.owner(), OrgRole.USER.code());
        assertThat(outsider.api().get("/apikeys").json().path("apiKeys").size()).isZero();
        assertThat(outsider.api().get("/apikeys?workspaceId=" + workspace).status()).isEqualTo(404);
    }

    /** A validated configuration using the shared key: no secret, key or endpoint of its own. */
    static String configUsing(String keyId, String name) {
        HttpResult created = seen(owner.post("/ai/llm", body("workspaceId", workspace, "name", name, "aiType", "OPENAI",
                "apiKeyUuid", keyId)));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        String id = created.text("aiLlmId");
        seen(PlatformCalls.validate(owner, id));
        return id;
    }

    /** One chat completion through the gateway; the Authorization header the provider received. */
    static String chat(Api gateway) {
        openai.clearRequests();
        HttpResult answer = gateway.post("/v1/chat/completions", Map.of("model", "gpt-4o-mini",
                "messages", List.of(Map.of("role", "user", "content", "Hi"))));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        List<Recorded> calls = openai.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
        assertThat(calls).hasSize(1);
        return calls.get(0).header("authorization");
    }
}

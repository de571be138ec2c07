package io.gatehouse.gateway;

import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Who may use the gateway for what: keys (bad, revoked, expired), repository isolation, allowed models, input limits. */
@Tag("db")
class GatewayAccessTest {
    static final String CHAT = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static TestServer server;
    static FakeOpenAi providerA;
    static FakeOpenAi providerB;
    static String repoA;
    static String repoB;
    static GatewayWorld.Key keyA;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new java.util.HashMap<>(GatewayWorld.settings());
        settings.put("gateway.max.body.bytes", "65536");
        settings.put("gateway.max.messages", "5");
        server = TestServer.start(settings);
        providerA = new FakeOpenAi("sk-provider-a-0123456789");
        providerB = new FakeOpenAi("sk-provider-b-0123456789");
        var api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String a = PlatformCalls.aiLlm(api, ws, "a", "OPENAI", providerA.endpoint(), "sk-provider-a-0123456789");
        String b = PlatformCalls.aiLlm(api, ws, "b", "OPENAI", providerB.endpoint(), "sk-provider-b-0123456789");
        PlatformCalls.validate(api, a);
        PlatformCalls.validate(api, b);
        repoA = PlatformCalls.repo(api, ws, "repo-a", a);
        repoB = PlatformCalls.repo(api, ws, "repo-b", b);
        keyA = GatewayWorld.key(server, repoA, "key a");
    }

    @AfterAll
    static void stop() {
        server.close();
        providerA.close();
        providerB.close();
    }

    private static HttpResult chat(String key, String model) {
        return GatewayWorld.post(server, "/v1/chat/completions", key, CHAT.formatted(model));
    }

    @Test
    void missingAndUnknownKeysAre401InOpenAiShape() {
        for (String key : new String[] {null, "ghk_not-a-real-key", keyA.secret() + "x"}) {
            HttpResult r = chat(key, "gpt-4o");
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().path("error").path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(r.json().path("error").has("param")).isTrue();
        }
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", null, CHAT.formatted("gpt-4o"),
                "x-api-key", keyA.secret()).status()).isEqualTo(200);
    }

    @Test
    void revokedKeyStopsOnTheNextRequestAndOnAnotherNodeWithinASecond() {
        GatewayWorld.Key key = GatewayWorld.key(server, repoA, "to revoke");
        try (TestServer other = server.sibling()) {
            GatewayWorld.awaitKnown(other, key.secret());
            assertThat(chat(key.secret(), "gpt-4o").status()).isEqualTo(200);
            HttpResult revoked = server.owner().api().delete("/repo/" + repoA + "/ai/apikey/" + key.id());
            assertThat(revoked.status()).isEqualTo(200);
            long revokedAt = System.nanoTime();
            assertThat(chat(key.secret(), "gpt-4o").status()).isEqualTo(401);
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                    .until(() -> other.gateway(key.secret()).get("/v1/models").status() == 401);
            assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofSeconds(1));
        }
    }

    @Test
    void expiredKeyIs401() throws InterruptedException {
        HttpResult created = server.owner().api().post("/repo/" + repoA + "/ai/apikey", Map.of("name", "short-lived",
                "expiresAt", Instant.now().plusMillis(1500).toString()));
        String secret = created.text("secret");
        GatewayWorld.awaitKnown(server, secret);
        Thread.sleep(1600);
        assertThat(chat(secret, "gpt-4o").status()).isEqualTo(401);
    }

    @Test
    void aKeyNeverReachesAnotherRepositorysConfiguration() {
        providerB.reset();
        assertThat(chat(keyA.secret(), "b/gpt-4o").status()).isEqualTo(404);
        assertThat(chat(keyA.secret(), "gpt-4o").status()).isEqualTo(200);
        assertThat(providerB.requests()).isEmpty();
        // Another organization's key cannot reach this one's configurations either.
        var other = server.registerOrganization("Other Co");
        String otherWs = server.defaultWorkspace(other);
        String otherRepo = PlatformCalls.repo(other.api(), otherWs, "empty");
        String otherKey = PlatformCalls.repoKey(other.api(), otherRepo, "k").text("secret");
        GatewayWorld.awaitKnown(server, otherKey);
        HttpResult r = chat(otherKey, "a/gpt-4o");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("error").path("message").asText()).contains("Reachable models: none");
    }

    @Test
    void allowedModelsLimitTheKey() {
        HttpResult created = server.owner().api().post("/repo/" + repoA + "/ai/apikey", Map.of("name", "limited",
                "allowedModels", List.of("gpt-4o")));
        String secret = created.text("secret");
        GatewayWorld.awaitKnown(server, secret);
        assertThat(chat(secret, "gpt-4o").status()).isEqualTo(200);
        HttpResult refused = chat(secret, "gpt-4o-mini");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("model_not_allowed");
        assertThat(server.gateway(secret).get("/v1/models").json().path("data")).hasSize(1);
    }

    @Test
    void unknownModelListsWhatIsReachable() {
        HttpResult r = chat(keyA.secret(), "gpt-9");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().path("error").path("code").asText()).isEqualTo("model_not_found");
        assertThat(r.json().path("error").path("message").asText()).contains("gpt-4o, gpt-4o-mini, text-embedding-3-small");
    }

    @Test
    void malformedAndOversizedBodiesAreClear4xx() {
        String key = keyA.secret();
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", key, "{\"model\":").status()).isEqualTo(400);
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", key, "[1,2]").status()).isEqualTo(400);
        HttpResult noModel = GatewayWorld.post(server, "/v1/chat/completions", key, "{\"messages\":[]}");
        assertThat(noModel.status()).isEqualTo(400);
        assertThat(noModel.json().path("error").path("param").asText()).isEqualTo("model");
        String deep = "{\"model\":\"gpt-4o\",\"x\":" + "[".repeat(300) + "]".repeat(300) + "}";
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", key, deep).status()).isEqualTo(400);
        String many = "{\"model\":\"gpt-4o\",\"messages\":[" + String.join(",", java.util.Collections.nCopies(6,
                "{\"role\":\"user\",\"content\":\"Hi\"}")) + "]}";
        HttpResult tooMany = GatewayWorld.post(server, "/v1/chat/completions", key, many);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("error").path("param").asText()).isEqualTo("messages");
        HttpResult huge = GatewayWorld.post(server, "/v1/chat/completions", key,
                "{\"model\":\"gpt-4o\",\"pad\":\"" + "x".repeat(70_000) + "\"}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void oversizedHeadersUnknownPathsAndMethods() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.gatewayUrl() + "/v1/models"))
                .header("Authorization", "Bearer " + keyA.secret()).header("X-Big", "y".repeat(20_000)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(431);
        assertThat(server.gateway(keyA.secret()).get("/v1/nothing").status()).isEqualTo(404);
        assertThat(server.gateway(keyA.secret()).get("/v1/chat/completions").status()).isEqualTo(405);
        HttpResult anthropicShape = server.gateway(keyA.secret()).get("/anthropic/v1/nothing");
        assertThat(anthropicShape.json().path("type").asText()).isEqualTo("error");
    }

    @Test
    void unknownPathsNameWhatIsServedAndTheVendorApisNotServedYet() {
        var gateway = server.gateway(keyA.secret());
        List<String> served = List.of("POST /v1/chat/completions", "POST /v1/embeddings", "POST /v1/responses",
                "POST /anthropic/v1/messages", "POST /anthropic/v1/messages/count_tokens",
                "POST /v1beta/models/{model}:generateContent", "GET /v1/models", "GET /anthropic/v1/models",
                "GET /v1beta/models", "GET/DELETE /v1/responses/{id}");
        HttpResult nothing = gateway.get("/v1/nothing");
        assertThat(nothing.json().path("error").path("message").asText()).contains("Unknown path /v1/nothing.")
                .contains(served);
        assertThat(gateway.get("/v1/responses/resp_1/input_items").json().path("error").path("message").asText())
                .contains("Unknown path /v1/responses/resp_1/input_items.").contains(served);
        HttpResult gemini = gateway.post("/v1beta/models/gemini-2.5-flash:predict", Map.of());
        assertThat(gemini.status()).isEqualTo(404);
        assertThat(gemini.json().path("error").path("status").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aDisabledRepositoryRefusesItsKeys() {
        var api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String repo = PlatformCalls.repo(api, ws, "to-disable");
        GatewayWorld.Key key = GatewayWorld.key(server, repo, "k");
        assertThat(api.put("/repo/" + repo, Map.of("disabled", true)).status()).isEqualTo(200);
        assertThat(chat(key.secret(), "gpt-4o").status()).isEqualTo(403);
    }
}

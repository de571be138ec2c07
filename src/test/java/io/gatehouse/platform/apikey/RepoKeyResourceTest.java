package io.gatehouse.platform.apikey;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.crypto.Tokens;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.TestServer.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.gatehouse.testing.PlatformCalls.member;
import static io.gatehouse.testing.PlatformCalls.repo;
import static io.gatehouse.testing.PlatformCalls.repoKey;
import static io.gatehouse.testing.PlatformCalls.workspace;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code /repo/{repoId}/ai/apikey}: secrets shown once and stored hashed, soft revocation, limits, roles. */
@Tag("db")
class RepoKeyResourceTest {
    static TestServer server;
    static Session owner;
    static Api api;
    static String ws;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        owner = server.owner();
        api = owner.api();
        ws = workspace(api, "keys-ws");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theSecretIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
        String repoId = repo(api, ws, "hashed");
        HttpResult created = repoKey(api, repoId, "production");
        String secret = created.text("secret");
        assertThat(secret).startsWith("ghk_").hasSize(4 + 43);
        assertThat(Base64.getUrlDecoder().decode(secret.substring(4))).hasSize(32);
        assertThat(created.text("key")).isEqualTo(Tokens.mask(secret));
        assertThat(created.text("id")).isNotBlank();

        JsonNode listed = api.get("/repo/" + repoId + "/ai/apikey").json();
        assertThat(listed.path("apiKeys")).hasSize(1);
        JsonNode key = listed.path("apiKeys").get(0);
        assertThat(key.path("id").asText()).isEqualTo(created.text("id"));
        assertThat(key.path("name").asText()).isEqualTo("production");
        assertThat(key.path("repoId").asText()).isEqualTo(repoId);
        assertThat(key.path("key").asText()).isEqualTo(Tokens.mask(secret));
        assertThat(key.path("deletedAt").isNull()).isTrue();
        assertThat(listed.toString()).doesNotContain(secret).doesNotContain(secret.substring(4, 20));

        try (Connection c = server.database().connect();
             ResultSet rs = c.createStatement().executeQuery("SELECT * FROM repo_ai_key WHERE id = '" + created.text("id") + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("key_hash")).isEqualTo(Tokens.hash(secret));
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(rs.getString(i)).append('|');
            }
            assertThat(row.toString()).doesNotContain(secret.substring(4));
        }
    }

    @Test
    void revokedKeysLeaveTheListAndRenamingKeepsTheSecret() {
        String repoId = repo(api, ws, "revoking");
        String keep = repoKey(api, repoId, "keep").text("id");
        String drop = repoKey(api, repoId, "drop").text("id");
        assertThat(api.post("/repo/" + repoId + "/ai/apikey", Map.of("name", "KEEP")).status()).isEqualTo(409);
        HttpResult renamed = api.put("/repo/" + repoId + "/ai/apikey/" + keep, Map.of("name", "kept"));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.text("message")).isNotBlank();
        HttpResult revoked = api.delete("/repo/" + repoId + "/ai/apikey/" + drop);
        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.text("message")).isNotBlank();

        JsonNode keys = api.get("/repo/" + repoId + "/ai/apikey").json();
        assertThat(keys.path("apiKeys").findValuesAsText("id")).containsExactly(keep);
        assertThat(keys.path("apiKeys").get(0).path("name").asText()).isEqualTo("kept");
        assertThat(keys.path("total").asLong()).isEqualTo(1);
        assertThat(api.delete("/repo/" + repoId + "/ai/apikey/" + drop).status()).isEqualTo(404);
        assertThat(api.put("/repo/" + repoId + "/ai/apikey/" + drop, Map.of("name", "back")).status()).isEqualTo(404);
        // A revoked key's name may be used again.
        repoKey(api, repoId, "drop");
        // Keys are addressed through their own repository only.
        String otherRepo = repo(api, ws, "other-repo");
        assertThat(api.delete("/repo/" + otherRepo + "/ai/apikey/" + keep).status()).isEqualTo(404);

        JsonNode events = api.get("/systemevent?context=aillmapikey&contextId=" + drop).json().path("events");
        assertThat(events.findValuesAsText("event")).containsExactly("deleted", "created");
    }

    @Test
    void expiryAllowedModelsAndLimitsAreKeptAndChecked() {
        String repoId = repo(api, ws, "limited");
        String expires = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        HttpResult created = api.post("/repo/" + repoId + "/ai/apikey", Map.of("name", "limited", "aiType", "openai",
                "expiresAt", expires, "allowedModels", List.of("gpt-4o", " gpt-4o ", "claude-sonnet-4-5"),
                "limits", Map.of("rpm", 60, "tpm", 100_000, "maxTokensPerDay", 1_000_000, "maxTokensPerMonth", 20_000_000)));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        JsonNode key = created.json().path("apiKey");
        assertThat(key.path("aiType").asText()).isEqualTo("OPENAI");
        assertThat(key.path("expiresAt").asText()).isEqualTo(expires);
        assertThat(key.path("allowedModels").toString()).isEqualTo("[\"gpt-4o\",\"claude-sonnet-4-5\"]");
        assertThat(key.path("limits").path("rpm").asLong()).isEqualTo(60);
        assertThat(key.path("limits").path("maxTokensPerMonth").asLong()).isEqualTo(20_000_000);

        String id = created.text("id");
        JsonNode changed = api.put("/repo/" + repoId + "/ai/apikey/" + id, Map.of("limits", Map.of("rpm", 10))).json().path("apiKey");
        assertThat(changed.path("limits").path("rpm").asLong()).isEqualTo(10);
        assertThat(changed.path("limits").path("tpm").isNull()).isTrue();
        assertThat(changed.path("allowedModels")).hasSize(2);
        assertThat(api.get("/repo/" + repoId + "/ai/apikey").json().path("apiKeys").get(0).path("limits").path("rpm").asLong()).isEqualTo(10);

        String path = "/repo/" + repoId + "/ai/apikey";
        assertThat(api.post(path, Map.of("name", "past", "expiresAt", "2001-01-01T00:00:00Z")).status()).isEqualTo(422);
        assertThat(api.post(path, Map.of("name", "bad-date", "expiresAt", "tomorrow")).status()).isEqualTo(400);
        assertThat(api.post(path, Map.of("name", "zero", "limits", Map.of("rpm", 0))).status()).isEqualTo(422);
        assertThat(api.post(path, Map.of("name", "text", "limits", Map.of("rpm", "ten"))).status()).isEqualTo(400);
        assertThat(api.post(path, Map.of("name", "none", "allowedModels", List.of())).status()).isEqualTo(422);
        assertThat(api.post(path, Map.of("name", "type", "aiType", "NOPE")).status()).isEqualTo(400);
        assertThat(api.post(path, Map.of()).status()).isEqualTo(400);
        assertThat(api.put(path + "/" + id, Map.of("aiType", "GOOGLE")).status()).isEqualTo(422);
        assertThat(api.post("/repo/" + UUID.randomUUID() + "/ai/apikey", Map.of("name", "orphan")).status()).isEqualTo(404);
    }

    @Test
    void readListsWriteCreatesAndRevokesOthersSeeNothing() {
        String repoId = repo(api, ws, "key-roles");
        Session reader = server.createUser(owner, 0);
        Session writer = server.createUser(owner, 0);
        member(api, ws, reader.userId(), "READ");
        member(api, ws, writer.userId(), "WRITE");
        String path = "/repo/" + repoId + "/ai/apikey";
        assertThat(reader.api().post(path, Map.of("name", "r")).status()).isEqualTo(403);
        String id = repoKey(writer.api(), repoId, "w").text("id");
        assertThat(reader.api().get(path).json().path("apiKeys")).hasSize(1);
        assertThat(reader.api().put(path + "/" + id, Map.of("name", "r2")).status()).isEqualTo(403);
        assertThat(reader.api().delete(path + "/" + id).status()).isEqualTo(403);
        assertThat(writer.api().delete(path + "/" + id).status()).isEqualTo(200);

        Session stranger = server.registerOrganization("Key Strangers");
        assertThat(stranger.api().get(path).status()).isEqualTo(404);
        assertThat(stranger.api().post(path, Map.of("name", "s")).status()).isEqualTo(404);
    }
}

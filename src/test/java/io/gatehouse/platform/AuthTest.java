package io.gatehouse.platform;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("db")
class AuthTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void loginAnswersTheReferenceShape() {
        HttpResult r = server.admin().post("/user/login", Map.of("email", TestServer.OWNER_EMAIL, "password", TestServer.OWNER_PASSWORD));
        assertThat(r.status()).isEqualTo(200);
        JsonNode body = r.json();
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("accessToken").asText()).contains(".");
        assertThat(body.path("refreshToken").asText()).startsWith("ghr_");
        assertThat(body.path("expiresAt").asLong()).isGreaterThan(System.currentTimeMillis());
        assertThat(body.path("user").path("email").asText()).isEqualTo(TestServer.OWNER_EMAIL);
        assertThat(body.path("user").path("orgRole").asInt()).isEqualTo(255);
        assertThat(body.path("user").has("passwordHash")).isFalse();
        assertThat(r.body()).doesNotContain("argon2");
    }

    @Test
    void wrongPasswordsAndUnknownUsersGetTheSame401() {
        HttpResult wrong = server.admin().post("/user/login", Map.of("email", TestServer.OWNER_EMAIL, "password", "nope-nope-nope"));
        HttpResult unknown = server.admin().post("/user/login", Map.of("email", "ghost@nowhere.test", "password", "nope-nope-nope"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.text("message")).isEqualTo(unknown.text("message")).isEqualTo("Invalid email or password");
        assertThat(wrong.json().path("success").asBoolean(true)).isFalse();
    }

    @Test
    void everyApiCallNeedsAValidToken() {
        assertThat(server.admin().get("/workspace").status()).isEqualTo(401);
        assertThat(server.admin().as("not-a-token").get("/workspace").status()).isEqualTo(401);
        assertThat(server.admin().as("ghm_" + "A".repeat(43)).get("/workspace").status()).isEqualTo(401);
        assertThat(server.owner().api().get("/workspace").status()).isEqualTo(200);
    }

    @Test
    void refreshRotatesTheTokenAndAReusedOneEndsTheSession() {
        JsonNode login = server.admin().post("/user/login",
                Map.of("email", TestServer.OWNER_EMAIL, "password", TestServer.OWNER_PASSWORD)).json();
        String refresh1 = login.path("refreshToken").asText();

        HttpResult refreshed = server.admin().post("/user/refresh", Map.of("refresh_token", refresh1));
        assertThat(refreshed.status()).isEqualTo(200);
        String refresh2 = refreshed.text("refreshToken");
        String access2 = refreshed.text("accessToken");
        assertThat(refresh2).isNotEqualTo(refresh1);
        assertThat(server.admin().as(access2).get("/user/profile").status()).isEqualTo(200);

        // The first refresh token was rotated away: presenting it again means it leaked.
        assertThat(server.admin().post("/user/refresh", Map.of("refresh_token", refresh1)).status()).isEqualTo(401);
        assertThat(server.admin().post("/user/refresh", Map.of("refreshToken", refresh2)).status()).isEqualTo(401);
        assertThat(server.admin().as(access2).get("/user/profile").status()).isEqualTo(401);
    }

    @Test
    void logoutEndsTheSessionAtOnce() {
        JsonNode login = server.admin().post("/user/login",
                Map.of("email", TestServer.OWNER_EMAIL, "password", TestServer.OWNER_PASSWORD)).json();
        String access = login.path("accessToken").asText();
        assertThat(server.admin().as(access).get("/user/profile").status()).isEqualTo(200);
        assertThat(server.admin().post("/user/logout", Map.of("refresh_token", login.path("refreshToken").asText())).status()).isEqualTo(200);
        assertThat(server.admin().as(access).get("/user/profile").status()).isEqualTo(401);
    }

    @Test
    void managementTokensAreShownOnceAndWorkUntilRevoked() {
        var owner = server.owner();
        HttpResult created = owner.api().post("/user/tokens", Map.of("name", "ci"));
        assertThat(created.status()).isEqualTo(200);
        String token = created.text("token");
        String id = created.text("id");
        assertThat(token).startsWith("ghm_");

        HttpResult list = owner.api().get("/user/tokens");
        assertThat(list.body()).doesNotContain(token).contains(id).contains("ghm_…");
        assertThat(server.admin().as(token).get("/user/profile").json().path("data").path("email").asText())
                .isEqualTo(TestServer.OWNER_EMAIL);

        assertThat(owner.api().delete("/user/tokens/" + id).status()).isEqualTo(200);
        assertThat(server.admin().as(token).get("/user/profile").status()).isEqualTo(401);
        assertThat(owner.api().delete("/user/tokens/" + id).status()).isEqualTo(404);
    }

    @Test
    void expiredManagementTokensAreRefused() {
        HttpResult past = server.owner().api().post("/user/tokens", Map.of("name", "old", "expiresAt", "2020-01-01T00:00:00Z"));
        assertThat(past.status()).isEqualTo(422);
        assertThat(past.text("message")).contains("expiresAt");
    }

    @Test
    void passwordChangeNeedsTheCurrentPasswordAndEndsOtherSessions() {
        var owner = server.owner();
        var user = server.createUser(owner, 0);
        String path = "/user/" + user.userId();
        assertThat(user.api().put(path, Map.of("password", "a-brand-new-password", "currentPassword", "wrong")).status()).isEqualTo(403);
        assertThat(user.api().put(path, Map.of("password", "short", "currentPassword", TestServer.PASSWORD)).status()).isEqualTo(422);
        HttpResult changed = user.api().put(path, Map.of("password", "a-brand-new-password", "currentPassword", TestServer.PASSWORD));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(user.api().get("/user/profile").status()).isEqualTo(401);
        assertThat(server.login(user.email(), "a-brand-new-password").token()).isNotBlank();
        // Nobody edits another user's profile through this path.
        assertThat(user.api().put("/user/" + owner.userId(), Map.of("name", "x")).status()).isIn(401, 404);
    }
}
